import type { createContactRequest, updateContactRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireContact } from '../access/contact-access';
import { appendAudit } from '../audit/audit.repository';
import { endContactReach, type ReachChange } from './contact-reach';
import { presentContact } from './contacts.presenter';
import { type ContactChanges, insertContact, updateContactRow } from './contacts.repository';
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
    const created = await insertContact(tx, {
      firmId: actor.firmId,
      name: input.name,
      email: input.email ?? null,
      mobile,
    });
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'contact.create',
      targetType: 'contact',
      targetId: created.id,
      meta,
      data: { name: created.name, email: created.email, mobile: created.mobile },
    });
    return created;
  });
  return presentContact(row);
}

/**
 * Change a contact's name, email or mobile (null clears it). Only someone who may change the
 * contact (`requireContact(..., 'change')`: 404 if they cannot see it, 403 if it is also on a
 * matter they cannot see, unless admin). A new email or mobile ends what the old one reached
 * (`endContactReach`) in the same transaction; sockets close and staff views refresh after commit.
 */
export async function updateContact(
  deps: Deps,
  actor: StaffActor,
  contactId: string,
  input: z.output<typeof updateContactRequest>,
  meta: RequestMeta,
) {
  const mobile =
    input.mobile === undefined
      ? undefined
      : input.mobile
        ? normalizeMobile(input.mobile, deps.config.PHONE_DEFAULT_REGION)
        : null;
  const { row, ended } = await deps.db.transaction(async (tx) => {
    const existing = await requireContact(tx, actor, contactId, 'change', { forUpdate: true });
    const changes: ContactChanges = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.email !== undefined) changes.email = input.email;
    if (mobile !== undefined) changes.mobile = mobile;
    const reach: ReachChange[] = [];
    if (input.email !== undefined && sameEmail(input.email) !== sameEmail(existing.email))
      reach.push({ field: 'email', from: existing.email, to: input.email });
    if (mobile !== undefined && mobile !== existing.mobile)
      reach.push({ field: 'mobile', from: existing.mobile, to: mobile });
    const updated = await updateContactRow(tx, existing.id, changes);
    const ended = reach.length > 0 ? await endContactReach(tx, existing, reach, actor) : undefined;
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'contact.update',
      targetType: 'contact',
      targetId: existing.id,
      meta,
      data: {
        changes,
        ...(ended && {
          endedSessions: ended.sessionIds.length,
          endedLinks: ended.links,
          conversationIds: ended.conversationIds,
        }),
      },
    });
    return { row: updated, ended };
  });
  if (ended) {
    if (ended.sessionIds.length > 0) deps.events.emit('sessions.ended', { sessionIds: ended.sessionIds });
    for (const conversationId of ended.conversationIds)
      await deps.realtime.publish({ type: 'conversation.updated', conversationId });
  }
  return presentContact(row);
}

const sameEmail = (email: string | null | undefined) => email?.trim().toLowerCase() ?? null;
