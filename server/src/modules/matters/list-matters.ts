import type { matterQuery } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { StaffActor } from '../access/actor';
import { presentMatter } from './matters.presenter';
import { listVisibleMatters, staffIdsByMatter } from './matters.repository';

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.string() });

/** `GET /matters`: the matters the caller may see, newest first, keyset-paged; `q` searches title and number. */
export async function listMatters(deps: Deps, actor: StaffActor, query: z.output<typeof matterQuery>) {
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
}
