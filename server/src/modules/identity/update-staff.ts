import type { updateStaffRequest } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { staff } from '../../platform/db/schema';
import { AppError, notFound } from '../../platform/http/errors';
import { appendAudit } from '../audit/audit';
import type { RequestMeta, StaffActor } from './actor';
import { presentStaffMember } from './identity.presenter';
import { findStaffInFirm } from './identity.repository';
import { revokeStaffSessions } from './sessions';

/** An admin renames, changes the role of, or deactivates a staff member. Deactivation ends all their sessions. */
export async function updateStaff(
  deps: Deps,
  actor: StaffActor,
  staffId: string,
  input: z.output<typeof updateStaffRequest>,
  meta: RequestMeta,
) {
  const target = await findStaffInFirm(deps.db, actor.firmId, staffId);
  if (!target) throw notFound('Staff member');
  if (target.id === actor.id && (input.active === false || input.role === 'staff')) {
    throw new AppError(
      'cannot_change_self',
      'You cannot deactivate yourself or remove your own admin role; ask another admin.',
    );
  }
  const { row, ended } = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(staff)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(staff.id, target.id))
      .returning();
    const endedSessions = input.active === false ? await revokeStaffSessions(tx, target.id) : [];
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: input.active === false ? 'staff.deactivate' : 'staff.update',
      targetType: 'staff',
      targetId: target.id,
      meta,
      data: { changes: input, endedSessions: endedSessions.length },
    });
    return { row: updated!, ended: endedSessions };
  });
  if (ended.length > 0) deps.events.emit('sessions.ended', { sessionIds: ended, staffId: target.id });
  return presentStaffMember(row);
}
