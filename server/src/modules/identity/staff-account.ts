import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { findStaffInFirm, type StaffChanges, type StaffRow, updateStaffRow } from './identity.repository';
import { revokeStaffSessions } from './sessions.repository';

/**
 * What every change to a staff account does (an admin's update, deactivation, password or
 * authenticator reset; one's own password change): the row changes, sessions end where asked, the
 * audit row is appended in the same transaction, and the ended sessions' sockets close on every node.
 */

/** A staff member of the admin's firm (404 otherwise); 422 `cannot_change_self` when `refuseSelf` names the caller. */
export async function findStaffMember(deps: Deps, actor: StaffActor, staffId: string, refuseSelf?: string) {
  const target = await findStaffInFirm(deps.db, actor.firmId, staffId);
  if (!target) throw notFound('Staff member');
  if (refuseSelf && target.id === actor.id) throw new AppError('cannot_change_self', refuseSelf);
  return target;
}

/** Who changes an account: an admin or the owner, or the server itself (`npm run admin` on the server). */
export type AccountChanger = StaffActor | { type: 'system'; firmId: string };

export async function changeStaffAccount(
  deps: Deps,
  actor: AccountChanger,
  staffId: string,
  change: {
    set: StaffChanges;
    /** End this person's sessions: all of them, or all but `except` (the caller's own). */
    endSessions: false | { except?: string };
    action: string;
    data?: Record<string, unknown>;
  },
  meta: RequestMeta,
): Promise<StaffRow> {
  const { row, ended } = await deps.db.transaction(async (tx) => {
    const updated = await updateStaffRow(tx, staffId, change.set);
    const endedSessions = change.endSessions
      ? await revokeStaffSessions(tx, staffId, change.endSessions.except)
      : [];
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor: actor.type === 'system' ? { type: 'system' } : actor,
      action: change.action,
      targetType: 'staff',
      targetId: staffId,
      meta,
      data: { ...change.data, endedSessions: endedSessions.length },
    });
    return { row: updated, ended: endedSessions };
  });
  if (ended.length > 0) deps.events.emit('sessions.ended', { sessionIds: ended, staffId });
  return row;
}
