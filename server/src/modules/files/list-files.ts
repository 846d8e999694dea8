import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { presentDocument, presentFolderSummary } from './files.presenter';
import { documentsInFolder, folderTrail, listSubfolders, liveFolderOf } from './files.repository';

/** One folder of a matter's All Files (the root when no folder is given): its folders and documents. */
export async function listFiles(deps: Deps, actor: StaffActor, matterId: string, folderId?: string) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const folder = await liveFolderOf(deps.db, matter.id, folderId ?? matter.rootFolderId);
  if (!folder) throw notFound('Folder');
  const [subfolders, documents, trail] = await Promise.all([
    listSubfolders(deps.db, folder.id),
    documentsInFolder(deps.db, folder.id),
    folderTrail(deps.db, matter.id, folder.path),
  ]);
  return {
    folder: { id: folder.id, name: folder.name, parentId: folder.parentId },
    trail,
    folders: subfolders.map(presentFolderSummary),
    documents: documents.map(presentDocument),
  };
}
