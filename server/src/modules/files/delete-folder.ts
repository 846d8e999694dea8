import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { rootFolderFixed } from './files.errors';
import { deleteSubtree, findVisibleFolder, lockFolders } from './files.repository';

/** Deletes a folder with everything in it (soft: `deleted_at`; versions stay for attachments). */
export async function deleteFolder(deps: Deps, actor: StaffActor, folderId: string, meta: RequestMeta) {
  const found = await findVisibleFolder(deps.db, actor, folderId);
  if (!found) throw notFound('Folder');
  if (found.folder.parentId === null) throw rootFolderFixed();
  await deps.db.transaction(async (tx) => {
    const folder = (await lockFolders(tx, [folderId])).get(folderId);
    if (!folder) throw notFound('Folder');
    const { documents } = await deleteSubtree(tx, folder);
    await appendAudit(tx, {
      firmId: folder.firmId,
      actor,
      action: 'folder.delete',
      targetType: 'folder',
      targetId: folder.id,
      matterId: folder.matterId,
      meta,
      data: { name: folder.name, documents },
    });
  });
  await deps.afterFilesChange({ matterId: found.folder.matterId, folderIds: [folderId] });
}
