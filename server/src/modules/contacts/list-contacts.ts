import type { contactQuery } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { StaffActor } from '../access/actor';
import { presentContact } from './contacts.presenter';
import { searchContacts } from './contacts.repository';

const cursorSchema = z.object({ name: z.string(), id: z.string() });

/** `GET /contacts`: the firm's contacts the caller may see, by name, email or mobile; keyset-paged. */
export async function listContacts(deps: Deps, actor: StaffActor, query: z.output<typeof contactQuery>) {
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
}
