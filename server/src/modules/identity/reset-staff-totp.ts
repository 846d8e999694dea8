import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps';
import { staff } from '../../platform/db/schema';
import { AppError, notFound } from '../../platform/http/errors';
import { appendAudit } from '../audit/audit';
import type { RequestMeta, StaffActor } from './actor';
import { presentStaffMember } from './identity.presenter';
import { findStaffInFirm } from './identity.repository';
import { revokeStaffSessions } from './sessions';

/**
 * `DELETE /staff/:id/totp` (admin): a staff member lost their authenticator app. Their TOTP is
 * turned off and its seed deleted, and their sessions end (the device may be in other hands): they
 * sign in with their password and enrol again (at once when the firm requires TOTP). Not on
 * oneself: a stolen admin session must not be able to remove its own second factor.
 */
export async function resetStaffTotp(deps: Deps, actor: StaffActor, staffId: string, meta: RequestMeta) {
  const target = await findStaffInFirm(deps.db, actor.firmId, staffId);
  if (!target) throw notFound('Staff member');
  if (target.id === actor.id) {
    throw new AppError(
      'cannot_change_self',
      'You cannot reset your own authenticator app; ask another admin.',
    );
  }
  const { row, ended } = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(staff)
      .set({ totpSecret: null, totpEnabled: false, totpLastStep: null, updatedAt: new Date() })
      .where(and(eq(staff.id, target.id), eq(staff.firmId, actor.firmId)))
      .returning();
    const endedSessions = await revokeStaffSessions(tx, target.id);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'staff.totp_reset',
      targetType: 'staff',
      targetId: target.id,
      meta,
      data: { wasEnabled: target.totpEnabled, endedSessions: endedSessions.length },
    });
    return { row: updated!, ended: endedSessions };
  });
  if (ended.length > 0) deps.events.emit('sessions.ended', { sessionIds: ended, staffId: target.id });
  return presentStaffMember(row);
}
