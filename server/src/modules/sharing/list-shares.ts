import type { Deps } from '../../deps';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { presentMatterShare } from './sharing.presenter';
import { matterShareRows } from './sharing.repository';

/**
 * Where a file went (`GET /matters/:id/shares`): the matter's shares, revoked ones included, with
 * the parties of each conversation; `documentId`/`folderId` keep those that reach it (its own share
 * or a share of a folder above it).
 */
export async function listMatterShares(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  filter: { documentId?: string; folderId?: string },
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const rows = await matterShareRows(deps.db, matter.id, filter);
  return { items: rows.map(presentMatterShare), nextCursor: null };
}
