import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { revokeSession } from './sessions.repository';

/** Ends the caller's session: the token stops working everywhere at once (every request checks it). */
export async function logout(deps: Deps, actor: StaffActor, meta: RequestMeta): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'auth.logout',
      targetType: 'session',
      targetId: actor.sessionId,
      meta,
    });
  });
  deps.events.emit('sessions.ended', { sessionIds: [actor.sessionId] });
}
