import type { updateDocumentRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { lockDocument, placeDocument } from './documents.repository';
import { folderFull, nameTaken } from './files.errors';
import { presentDocument } from './files.presenter';
import {
  countDocumentsIn,
  documentsByIds,
  findVisibleDocument,
  lockFolders,
  takenNames,
} from './files.repository';

/** Rename a document and/or move it to another folder of its matter. */
export async function updateDocument(
  deps: Deps,
  actor: StaffActor,
  documentId: string,
  input: z.output<typeof updateDocumentRequest>,
  meta: RequestMeta,
) {
  const found = await findVisibleDocument(deps.db, actor, documentId);
  if (!found) throw notFound('Document');
  await deps.db.transaction(async (tx) => {
    const targetId = input.folderId ?? found.document.folderId;
    const target = (await lockFolders(tx, [targetId])).get(targetId);
    if (!target || target.matterId !== found.document.matterId) throw notFound('Folder');
    const doc = await lockDocument(tx, documentId);
    if (!doc || doc.deletedAt) throw notFound('Document');
    const moving = target.id !== doc.folderId;
    const limit = deps.config.LIMIT_FILES_PER_FOLDER;
    if (moving && (await countDocumentsIn(tx, target.id)) + 1 > limit) throw folderFull(limit);
    const name = input.name ?? doc.name;
    const taken = await takenNames(tx, target.id, [name], 'document', doc.id);
    if (taken.length > 0) throw nameTaken(taken);
    await placeDocument(tx, doc.id, { name, folderId: target.id });
    await appendAudit(tx, {
      firmId: doc.firmId,
      actor,
      action: moving ? 'document.move' : 'document.rename',
      targetType: 'document',
      targetId: doc.id,
      matterId: doc.matterId,
      meta,
      data: { name, previousName: doc.name, folderId: target.id, previousFolderId: doc.folderId },
    });
  });
  await deps.afterFilesChange({
    matterId: found.document.matterId,
    documentIds: [documentId],
    folderIds: [found.document.folderId],
  });
  const [row] = await documentsByIds(deps.db, [documentId]);
  return presentDocument(row!);
}
