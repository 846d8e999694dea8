import type { SessionView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { endSessions } from '../identity/end-sessions';
import { presentSession } from '../identity/sessions.presenter';
import { listLiveSessions } from '../identity/sessions.repository';
import { firmIdsOfPortalUser } from './portal.repository';
import { auditInFirms } from './portal-audit';

/**
 * The portal's Sessions section (Security page): a portal user's own live sessions, this one
 * marked, and ending one or all others. Only their own: another person's session id is 404.
 * Audited in every firm where they are a contact, as sign-in and sign-out are.
 */
export async function listPortalSessions(deps: Deps, actor: PortalActor): Promise<{ items: SessionView[] }> {
  const rows = await listLiveSessions(deps.db, { portalUserId: actor.id });
  return { items: rows.map((r) => presentSession(r, actor.sessionId)) };
}

export async function endPortalSessions(
  deps: Deps,
  actor: PortalActor,
  which: { only: string } | { except: string },
  meta: RequestMeta,
): Promise<void> {
  await endSessions(deps, { portalUserId: actor.id }, which, async (tx, ended) => {
    await auditInFirms(tx, await firmIdsOfPortalUser(tx, actor.id), {
      actor,
      action: 'only' in which ? 'portal.session_end' : 'portal.session_end_others',
      targetType: 'only' in which ? 'session' : 'portal_user',
      targetId: 'only' in which ? which.only : actor.id,
      meta,
      data: { endedSessions: ended.length },
    });
  });
}
