import type { Deps } from '../../deps';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { presentMatter } from './matters.presenter';
import { staffIdsByMatter } from './matters.repository';

/** `GET /matters/:id`: a matter the caller may see (404 otherwise), with its staff. */
export async function getMatter(deps: Deps, actor: StaffActor, matterId: string) {
  const row = await requireVisibleMatter(deps.db, actor, matterId);
  return presentMatter(row, (await staffIdsByMatter(deps.db, [row.id])).get(row.id) ?? []);
}
