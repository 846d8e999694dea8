import type { SessionView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { endSessions } from './end-sessions';
import { presentSession } from './sessions.presenter';
import { listLiveSessions } from './sessions.repository';
import { changeStaffAccount, findStaffMember } from './staff-account';

/**
 * A staff member's Sessions page, and an admin's view of someone else's: the live sessions, this
 * one marked; ending one, all but this one, or (admin) all of a staff member's.
 */

/** `GET /me/sessions`, or `GET /staff/:id/sessions` (admin) when `staffId` names someone of the firm. */
export async function listStaffSessions(
  deps: Deps,
  actor: StaffActor,
  staffId = actor.id,
): Promise<{ items: SessionView[] }> {
  const target = staffId === actor.id ? actor : await findStaffMember(deps, actor, staffId);
  const rows = await listLiveSessions(deps.db, { staffId: target.id });
  return { items: rows.map((r) => presentSession(r, actor.sessionId)) };
}

/** `DELETE /me/sessions/:id` (one of one's own; 404 otherwise) or `DELETE /me/sessions?others=true`. */
export async function endOwnStaffSessions(
  deps: Deps,
  actor: StaffActor,
  which: { only: string } | { except: string },
  meta: RequestMeta,
): Promise<void> {
  await endSessions(deps, { staffId: actor.id }, which, async (tx, ended) => {
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'only' in which ? 'session.end' : 'session.end_others',
      targetType: 'only' in which ? 'session' : 'staff',
      targetId: 'only' in which ? which.only : actor.id,
      meta,
      data: { endedSessions: ended.length },
    });
  });
}

/** `DELETE /staff/:id/sessions` (admin, not oneself): every session of that staff member ends. */
export async function endStaffMemberSessions(
  deps: Deps,
  actor: StaffActor,
  staffId: string,
  meta: RequestMeta,
): Promise<void> {
  const target = await findStaffMember(
    deps,
    actor,
    staffId,
    'End your own sessions on your Sessions page (DELETE /me/sessions?others=true).',
  );
  await changeStaffAccount(
    deps,
    actor,
    target.id,
    { set: {}, endSessions: {}, action: 'staff.sessions_end' },
    meta,
  );
}
