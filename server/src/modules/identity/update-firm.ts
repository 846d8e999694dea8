import type { updateFirmRequest } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { firms } from '../../platform/db/schema';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit';

export const presentFirm = (f: typeof firms.$inferSelect) => ({
  id: f.id,
  name: f.name,
  requireStaffTotp: f.requireStaffTotp,
});

/**
 * An admin changes firm settings. With `requireStaffTotp` on, staff without TOTP can still sign in
 * with their password, but their session only opens the enrolment routes until they confirm one.
 */
export async function updateFirm(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof updateFirmRequest>,
  meta: RequestMeta,
) {
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx.update(firms).set(input).where(eq(firms.id, actor.firmId)).returning();
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'firm.update',
      targetType: 'firm',
      targetId: actor.firmId,
      meta,
      data: { changes: input },
    });
    return updated!;
  });
  return presentFirm(row);
}
