import type { Deps } from '../../deps';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { listParties } from './matters.repository';

/** `GET /matters/:id/parties`: the parties of a matter the caller may see (404 otherwise). */
export async function listMatterParties(deps: Deps, actor: StaffActor, matterId: string) {
  const row = await requireVisibleMatter(deps.db, actor, matterId);
  return { items: await listParties(deps.db, row.id), nextCursor: null };
}
