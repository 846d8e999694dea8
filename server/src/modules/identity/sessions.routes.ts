import { endSessionsQuery, idParams, sessionList } from '@parley/contracts';
import { route } from '../../platform/http/route';
import { endOwnStaffSessions, endStaffMemberSessions, listStaffSessions } from './staff-sessions';

/** Sessions people can see (API.md "Identity additions"): staff's own, and an admin's view of a staff member's. */
export const staffSessionRoutes = [
  route({
    method: 'GET',
    url: '/me/sessions',
    summary: 'The caller’s live sessions (device, IP, signed in, last seen), this one marked `current`',
    tag: 'auth',
    auth: 'staff',
    response: sessionList,
    handler: ({ deps, actor }) => listStaffSessions(deps, actor),
  }),
  route({
    method: 'DELETE',
    url: '/me/sessions/:id',
    summary: 'End one of the caller’s sessions: its token and sockets stop working on every node',
    tag: 'auth',
    auth: 'staff',
    params: idParams,
    status: 204,
    errors: [404],
    handler: async ({ deps, actor, params, meta }) => {
      await endOwnStaffSessions(deps, actor, { only: params.id }, meta);
    },
  }),
  route({
    method: 'DELETE',
    url: '/me/sessions',
    summary: 'End every session of the caller but this one (`?others=true`)',
    tag: 'auth',
    auth: 'staff',
    query: endSessionsQuery,
    status: 204,
    handler: async ({ deps, actor, meta }) => {
      await endOwnStaffSessions(deps, actor, { except: actor.sessionId }, meta);
    },
  }),
  route({
    method: 'GET',
    url: '/staff/:id/sessions',
    summary: 'A staff member’s live sessions (admin)',
    tag: 'staff',
    auth: 'admin',
    params: idParams,
    response: sessionList,
    errors: [403, 404],
    handler: ({ deps, actor, params }) => listStaffSessions(deps, actor, params.id),
  }),
  route({
    method: 'DELETE',
    url: '/staff/:id/sessions',
    summary: 'End every session of a staff member (admin; not one’s own): tokens and sockets, every node',
    tag: 'staff',
    auth: 'admin',
    params: idParams,
    status: 204,
    errors: [403, 404, 422],
    handler: async ({ deps, actor, params, meta }) => {
      await endStaffMemberSessions(deps, actor, params.id, meta);
    },
  }),
];
