import type { pageQuery } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { StaffActor } from '../access/actor';
import { presentStaffMember } from './identity.presenter';
import { listStaff } from './identity.repository';

/** `GET /staff`: the firm's staff by name, keyset-paged. */
export async function listFirmStaff(deps: Deps, actor: StaffActor, query: z.output<typeof pageQuery>) {
  const after = decodeCursor(query.cursor, z.object({ name: z.string(), id: z.string() }));
  const rows = await listStaff(deps.db, actor.firmId, query.limit, after);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentStaffMember),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}
