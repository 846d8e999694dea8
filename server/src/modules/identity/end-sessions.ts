import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import { revokeSessionsOf, type SessionOwner } from './sessions.repository';

/**
 * Ending sessions from a Sessions page (a staff member's own, a portal user's own): one of them, or
 * all but the caller's. In one transaction the sessions end and the caller's `audit` writes its rows
 * (DESIGN.md rule 9); after commit `sessions.ended` closes their sockets on every node, and their
 * tokens answer 401 from the next request on (every request checks the session row).
 * A session that is not the owner's, or is already over, is 404.
 */
export async function endSessions(
  deps: Deps,
  owner: SessionOwner,
  which: { only: string } | { except: string },
  audit: (tx: Queryable, ended: string[]) => Promise<void>,
): Promise<string[]> {
  const ended = await deps.db.transaction(async (tx) => {
    const ids = await revokeSessionsOf(tx, owner, which);
    if ('only' in which && ids.length === 0) throw notFound('Session');
    if (ids.length > 0) await audit(tx, ids);
    return ids;
  });
  if (ended.length > 0)
    deps.events.emit('sessions.ended', {
      sessionIds: ended,
      ...('staffId' in owner ? { staffId: owner.staffId } : {}),
    });
  return ended;
}
