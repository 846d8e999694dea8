import {
  createMatterRequest,
  createPartyRequest,
  idParams,
  matter,
  matterQuery,
  page,
  party,
  partyList,
  partyParams,
  updateMatterRequest,
  updatePartyRequest,
} from '@parley/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { route } from '../../platform/http/route';
import { requireVisibleMatter } from '../access/matter-access';
import { addParty, removeParty, updateParty } from './manage-parties';
import { presentMatter } from './matters.presenter';
import { listParties, listVisibleMatters, staffIdsByMatter } from './matters.repository';
import { createMatter, updateMatter } from './save-matter';

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.string() });

export const matterRoutes = [
  route({
    method: 'POST',
    url: '/matters',
    summary: 'Open a matter (with its All Files root folder)',
    tag: 'matters',
    auth: 'staff',
    body: createMatterRequest,
    status: 201,
    response: matter,
    errors: [404],
    handler: ({ deps, actor, body, meta }) => createMatter(deps, actor, body, meta),
  }),
  route({
    method: 'GET',
    url: '/matters',
    summary: 'The matters the caller may see, newest first; `q` searches title and number',
    tag: 'matters',
    auth: 'staff',
    query: matterQuery,
    response: page(matter),
    handler: async ({ deps, actor, query }) => {
      const rows = await listVisibleMatters(
        deps.db,
        actor,
        query.q,
        query.limit,
        decodeCursor(query.cursor, cursorSchema),
      );
      const items = rows.slice(0, query.limit);
      const staffIds = await staffIdsByMatter(
        deps.db,
        items.map((m) => m.id),
      );
      const last = items.at(-1);
      return {
        items: items.map((m) => presentMatter(m, staffIds.get(m.id) ?? [])),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
            : null,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/matters/:id',
    summary: 'One matter',
    tag: 'matters',
    auth: 'staff',
    params: idParams,
    response: matter,
    errors: [404],
    handler: async ({ deps, actor, params }) => {
      const row = await requireVisibleMatter(deps.db, actor, params.id);
      return presentMatter(row, (await staffIdsByMatter(deps.db, [row.id])).get(row.id) ?? []);
    },
  }),
  route({
    method: 'PATCH',
    url: '/matters/:id',
    summary: 'Change title, number, restriction or the staff list of a matter',
    tag: 'matters',
    auth: 'staff',
    params: idParams,
    body: updateMatterRequest,
    response: matter,
    errors: [404],
    handler: ({ deps, actor, params, body, meta }) => updateMatter(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'POST',
    url: '/matters/:id/parties',
    summary: 'Put a contact on the matter as a party',
    tag: 'parties',
    auth: 'staff',
    params: idParams,
    body: createPartyRequest,
    status: 201,
    response: party,
    errors: [404, 409],
    handler: ({ deps, actor, params, body, meta }) => addParty(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'GET',
    url: '/matters/:id/parties',
    summary: "The matter's parties",
    tag: 'parties',
    auth: 'staff',
    params: idParams,
    response: partyList,
    errors: [404],
    handler: async ({ deps, actor, params }) => {
      const row = await requireVisibleMatter(deps.db, actor, params.id);
      return { items: await listParties(deps.db, row.id), nextCursor: null };
    },
  }),
  route({
    method: 'PATCH',
    url: '/matters/:id/parties/:partyId',
    summary:
      "Change a party's role on the matter (their email and mobile are the contact's: PATCH /contacts/:id)",
    tag: 'parties',
    auth: 'staff',
    params: partyParams,
    body: updatePartyRequest,
    response: party,
    errors: [404],
    handler: ({ deps, actor, params, body, meta }) =>
      updateParty(deps, actor, params.id, params.partyId, body, meta),
  }),
  route({
    method: 'DELETE',
    url: '/matters/:id/parties/:partyId',
    summary: 'Take a party off the matter (they leave its conversations at once)',
    tag: 'parties',
    auth: 'staff',
    params: partyParams,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, meta }) => removeParty(deps, actor, params.id, params.partyId, meta),
  }),
];
