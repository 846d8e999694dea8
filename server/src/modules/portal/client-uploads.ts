import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import {
  claimUpload,
  fileTooLarge,
  insertVersion,
  promoteContent,
  type StagedContent,
  uploadContent,
} from '../files/contents';
import { insertDocument, setCurrentVersion } from '../files/documents.repository';
import { folderFull } from '../files/files.errors';
import {
  countDocumentsIn,
  documentNamesIn,
  findSubfolder,
  insertFolder,
  lockFolders,
} from '../files/files.repository';
import { takeFreeName } from '../files/numbered-name';
import type { Attachment } from '../messaging/check-message';

/** Where a portal user's files land: a folder of this name directly under the matter's root. */
export const CLIENT_UPLOADS_FOLDER = 'Client uploads';

/**
 * Before the transaction: the portal user's own finished, unused uploads (404 otherwise, 409
 * `upload_incomplete` while unfinished), within the send and size limits, promoted to blobs.
 */
export async function stageClientUploads(
  deps: Deps,
  actor: PortalActor,
  uploadIds: string[],
): Promise<StagedContent[]> {
  const ids = [...new Set(uploadIds)];
  const limit = deps.config.LIMIT_FILES_PER_SEND;
  if (ids.length > limit) {
    throw new AppError(
      'too_many_files',
      `One message can carry at most ${limit} files; this one has ${ids.length}.`,
      { limit, count: ids.length },
    );
  }
  const items: StagedContent[] = [];
  for (const uploadId of ids) {
    const item = uploadContent(await claimUpload(deps.db, actor, uploadId));
    if (item.size > deps.config.LIMIT_FILE_BYTES) throw fileTooLarge(deps.config.LIMIT_FILE_BYTES);
    items.push(item);
  }
  await promoteContent(deps, items);
  return items;
}

/**
 * Inside the message's transaction: the matter's `Client uploads` folder (created under the root
 * on first need; the root stays locked so two first uploads cannot both create it), one document
 * per upload (a taken name becomes "name (2).ext"), audited. Returns the attachments.
 */
export async function insertClientUploads(
  tx: Queryable,
  deps: Deps,
  actor: PortalActor,
  matter: { firmId: string; matterId: string; rootFolderId: string },
  items: StagedContent[],
  meta: RequestMeta,
): Promise<{ attachments: Attachment[]; duplicates: (string | undefined)[] }> {
  if (items.length === 0) return { attachments: [], duplicates: [] };
  const root = (await lockFolders(tx, [matter.rootFolderId])).get(matter.rootFolderId);
  if (!root) throw notFound('Folder');
  const audit = { firmId: matter.firmId, actor, matterId: matter.matterId, meta };
  let folder = await findSubfolder(tx, root.id, CLIENT_UPLOADS_FOLDER);
  if (!folder) {
    const id = randomUUID();
    folder = await insertFolder(tx, {
      id,
      firmId: matter.firmId,
      matterId: matter.matterId,
      parentId: root.id,
      name: CLIENT_UPLOADS_FOLDER,
      path: `${root.path}${id}/`,
    });
    await appendAudit(tx, {
      ...audit,
      action: 'folder.create',
      targetType: 'folder',
      targetId: id,
      data: { name: CLIENT_UPLOADS_FOLDER, parentId: root.id },
    });
  }
  const folderId = folder!.id;
  await lockFolders(tx, [folderId]);
  const limit = deps.config.LIMIT_FILES_PER_FOLDER;
  if ((await countDocumentsIn(tx, folderId)) + items.length > limit) throw folderFull(limit);
  const taken = await documentNamesIn(tx, folderId);
  const attachments: Attachment[] = [];
  const duplicates: (string | undefined)[] = [];
  for (const item of items) {
    const name = takeFreeName(taken, item.name);
    await claimUpload(tx, actor, item.uploadId!);
    const doc = await insertDocument(tx, {
      firmId: matter.firmId,
      matterId: matter.matterId,
      folderId,
      name,
    });
    const { version, duplicateOf } = await insertVersion(tx, actor, matter.firmId, doc.id, 1, item);
    duplicates.push(duplicateOf);
    await setCurrentVersion(tx, doc.id, version.id);
    await appendAudit(tx, {
      ...audit,
      action: 'document.upload',
      targetType: 'document',
      targetId: doc.id,
      data: { name, folderId, size: item.size, sha256: item.sha256, uploadId: item.uploadId },
    });
    attachments.push({
      documentId: doc.id,
      versionId: version.id,
      name,
      size: item.size,
      contentType: item.contentType,
    });
  }
  return { attachments, duplicates };
}
