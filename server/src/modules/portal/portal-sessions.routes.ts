import { endSessionsQuery, idParams, sessionList } from '@parley/contracts';
import { route } from '../../platform/http/route';
import { endPortalSessions, listPortalSessions } from './portal-sessions';

/** The portal user's own sessions (API.md "Identity additions": the same as `/me/sessions`). */
export const portalSessionRoutes = [
  route({
    method: 'GET',
    url: '/portal/me/sessions',
    summary: 'The portal user’s live sessions (device, IP, signed in, last seen), this one marked `current`',
    tag: 'portal',
    auth: 'portal',
    response: sessionList,
    handler: ({ deps, actor }) => listPortalSessions(deps, actor),
  }),
  route({
    method: 'DELETE',
    url: '/portal/me/sessions/:id',
    summary: 'End one of the portal user’s sessions: its token and sockets stop working on every node',
    tag: 'portal',
    auth: 'portal',
    params: idParams,
    status: 204,
    errors: [404],
    handler: async ({ deps, actor, params, meta }) => {
      await endPortalSessions(deps, actor, { only: params.id }, meta);
    },
  }),
  route({
    method: 'DELETE',
    url: '/portal/me/sessions',
    summary: 'End every session of the portal user but this one (`?others=true`)',
    tag: 'portal',
    auth: 'portal',
    query: endSessionsQuery,
    status: 204,
    handler: async ({ deps, actor, meta }) => {
      await endPortalSessions(deps, actor, { except: actor.sessionId }, meta);
    },
  }),
];
