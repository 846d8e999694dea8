import type { MatterRow } from '../access/matter-access';

export const presentMatter = (m: MatterRow, staffIds: string[]) => ({
  id: m.id,
  title: m.title,
  number: m.number,
  restricted: m.restricted,
  staffIds,
  rootFolderId: m.rootFolderId,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});
