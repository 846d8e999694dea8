import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { markDocumentDeleted } from './documents.repository';
import { findVisibleDocument } from './files.repository';

/** Soft delete: the document leaves All Files (and any share); its versions stay for attachments. */
export async function deleteDocument(deps: Deps, actor: StaffActor, documentId: string, meta: RequestMeta) {
  const found = await findVisibleDocument(deps.db, actor, documentId);
  if (!found) throw notFound('Document');
  await deps.db.transaction(async (tx) => {
    const doc = await markDocumentDeleted(tx, documentId);
    if (!doc) throw notFound('Document');
    await appendAudit(tx, {
      firmId: doc.firmId,
      actor,
      action: 'document.delete',
      targetType: 'document',
      targetId: doc.id,
      matterId: doc.matterId,
      meta,
      data: { name: doc.name, folderId: doc.folderId },
    });
  });
  await deps.afterFilesChange({ matterId: found.document.matterId, documentIds: [documentId] });
}
