import {
  contact,
  contactQuery,
  createContactRequest,
  idParams,
  page,
  updateContactRequest,
} from '@parley/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { route } from '../../platform/http/route';
import { requireContact } from '../access/contact-access';
import { presentContact } from './contacts.presenter';
import { searchContacts } from './contacts.repository';
import { createContact, updateContact } from './save-contact';

const cursorSchema = z.object({ name: z.string(), id: z.string() });

export const contactRoutes = [
  route({
    method: 'POST',
    url: '/contacts',
    summary: 'Add a contact (mobile normalized to E.164)',
    tag: 'contacts',
    auth: 'staff',
    body: createContactRequest,
    status: 201,
    response: contact,
    handler: ({ deps, actor, body, meta }) => createContact(deps, actor, body, meta),
  }),
  route({
    method: 'GET',
    url: '/contacts',
    summary:
      "Search the firm's contacts by name, email or mobile (not those only on matters the caller cannot see)",
    tag: 'contacts',
    auth: 'staff',
    query: contactQuery,
    response: page(contact),
    handler: async ({ deps, actor, query }) => {
      const rows = await searchContacts(
        deps.db,
        actor,
        query.q,
        query.limit,
        decodeCursor(query.cursor, cursorSchema),
      );
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map(presentContact),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/contacts/:id',
    summary: 'One contact',
    tag: 'contacts',
    auth: 'staff',
    params: idParams,
    response: contact,
    errors: [404],
    handler: async ({ deps, actor, params }) => {
      return presentContact(await requireContact(deps.db, actor, params.id, 'read'));
    },
  }),
  route({
    method: 'PATCH',
    url: '/contacts/:id',
    summary:
      "Change a contact's name, email or mobile (403 if they are also on a matter the caller cannot see, unless admin); a new email or mobile ends their portal sessions and quick-reply links",
    tag: 'contacts',
    auth: 'staff',
    params: idParams,
    body: updateContactRequest,
    response: contact,
    errors: [403, 404],
    handler: ({ deps, actor, params, body, meta }) => updateContact(deps, actor, params.id, body, meta),
  }),
];
