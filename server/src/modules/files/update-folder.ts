import type { updateFolderRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { nameTaken, rootFolderFixed } from './files.errors';
import { presentFolder } from './files.presenter';
import { findVisibleFolder, lockFolders, moveSubtree, renameFolder, takenNames } from './files.repository';

/** Rename and/or move a folder (with its whole subtree) inside its matter. */
export async function updateFolder(
  deps: Deps,
  actor: StaffActor,
  folderId: string,
  input: z.output<typeof updateFolderRequest>,
  meta: RequestMeta,
) {
  const found = await findVisibleFolder(deps.db, actor, folderId);
  if (!found) throw notFound('Folder');
  if (found.folder.parentId === null) throw rootFolderFixed();
  const row = await deps.db.transaction(async (tx) => {
    const targetId = input.parentId ?? found.folder.parentId!;
    const locked = await lockFolders(tx, [folderId, targetId]);
    const folder = locked.get(folderId);
    const target = locked.get(targetId);
    if (!folder) throw notFound('Folder');
    if (!target || target.matterId !== folder.matterId) throw notFound('Target folder');
    if (target.path.startsWith(folder.path)) {
      throw new AppError(
        'invalid_move',
        'A folder cannot be moved into itself or into one of its subfolders.',
      );
    }
    const name = input.name ?? folder.name;
    const taken = await takenNames(tx, target.id, [name], 'folder', folder.id);
    if (taken.length > 0) throw nameTaken(taken);
    if (target.id !== folder.parentId) await moveSubtree(tx, folder, target);
    const updated = await renameFolder(tx, folder.id, name);
    await appendAudit(tx, {
      firmId: folder.firmId,
      actor,
      action: target.id === folder.parentId ? 'folder.rename' : 'folder.move',
      targetType: 'folder',
      targetId: folder.id,
      matterId: folder.matterId,
      meta,
      data: { name, previousName: folder.name, parentId: target.id, previousParentId: folder.parentId },
    });
    return updated;
  });
  await deps.afterFilesChange({
    matterId: row.matterId,
    folderIds: [row.id, found.folder.parentId!, row.parentId!],
  });
  return presentFolder(row);
}
