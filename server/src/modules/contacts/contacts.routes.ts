import {
  contact,
  contactQuery,
  createContactRequest,
  idParams,
  page,
  updateContactRequest,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { requireContact } from '../access/contact-access';
import { presentContact } from './contacts.presenter';
import { listContacts } from './list-contacts';
import { createContact, updateContact } from './save-contact';

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
    handler: ({ deps, actor, query }) => listContacts(deps, actor, query),
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
