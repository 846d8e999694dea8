import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { revokeSession } from '../identity/sessions.repository';
import { firmIdsOfPortalUser } from './portal.repository';
import { auditInFirms } from './portal-audit';

/** Ends the portal session: the token stops working everywhere at once. */
export async function signOutPortal(deps: Deps, actor: PortalActor, meta: RequestMeta): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId);
    await auditInFirms(tx, await firmIdsOfPortalUser(tx, actor.id), {
      actor,
      action: 'portal.sign_out',
      targetType: 'session',
      targetId: actor.sessionId,
      meta,
    });
  });
  deps.events.emit('sessions.ended', { sessionIds: [actor.sessionId] });
}
