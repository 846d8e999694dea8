import type { createContactRequest, updateContactRequest } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { contacts } from '../../platform/db/schema';
import { notFound } from '../../platform/http/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit';
import { presentContact } from './contacts.presenter';
import { findContact } from './contacts.repository';
import { normalizeMobile } from './phone';

/** Create a contact of the actor's firm; the mobile is normalized to E.164. */
export async function createContact(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof createContactRequest>,
  meta: RequestMeta,
) {
  const mobile = input.mobile ? normalizeMobile(input.mobile, deps.config.PHONE_DEFAULT_REGION) : null;
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(contacts)
      .values({ firmId: actor.firmId, name: input.name, email: input.email ?? null, mobile })
      .returning();
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'contact.create',
      targetType: 'contact',
      targetId: created!.id,
      meta,
      data: { name: created!.name, email: created!.email, mobile: created!.mobile },
    });
    return created!;
  });
  return presentContact(row);
}

/** Change a contact's name, email or mobile (null clears it). */
export async function updateContact(
  deps: Deps,
  actor: StaffActor,
  contactId: string,
  input: z.output<typeof updateContactRequest>,
  meta: RequestMeta,
) {
  const existing = await findContact(deps.db, actor.firmId, contactId);
  if (!existing) throw notFound('Contact');
  const changes: Partial<typeof contacts.$inferInsert> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.email !== undefined) changes.email = input.email;
  if (input.mobile !== undefined)
    changes.mobile = input.mobile ? normalizeMobile(input.mobile, deps.config.PHONE_DEFAULT_REGION) : null;
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contacts)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(contacts.id, existing.id))
      .returning();
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'contact.update',
      targetType: 'contact',
      targetId: existing.id,
      meta,
      data: { changes },
    });
    return updated!;
  });
  return presentContact(row);
}
