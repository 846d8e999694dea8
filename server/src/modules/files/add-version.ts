import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/errors';
import type { FormPart } from '../../platform/http/form-parts';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import {
  claimUpload,
  cleanContentType,
  insertVersion,
  promoteContent,
  type StagedContent,
  settleContent,
  stageStream,
  uploadContent,
} from './contents';
import { lastVersionNumber, lockDocument, setCurrentVersion } from './documents.repository';
import { presentVersion } from './files.presenter';
import { findVisibleDocument } from './files.repository';

/** JSON form: a finished tus upload becomes the document's next version. */
export async function addVersionFromUpload(
  deps: Deps,
  actor: StaffActor,
  documentId: string,
  uploadId: string,
  meta: RequestMeta,
) {
  if (!(await findVisibleDocument(deps.db, actor, documentId))) throw notFound('Document');
  const upload = await claimUpload(deps.db, actor, uploadId);
  return commitVersion(deps, actor, documentId, uploadContent(upload, ''), meta);
}

/** Multipart form: exactly one file part, streamed into the blob store. */
export async function addVersionFromParts(
  deps: Deps,
  actor: StaffActor,
  documentId: string,
  parts: AsyncIterable<FormPart>,
  meta: RequestMeta,
) {
  if (!(await findVisibleDocument(deps.db, actor, documentId))) throw notFound('Document');
  let item: StagedContent | undefined;
  try {
    for await (const part of parts) {
      if (part.type === 'field' || item) throw new AppError('invalid_request', 'Send exactly one file part.');
      const staged = await stageStream(deps, part.content, deps.config.LIMIT_FILE_BYTES);
      item = { ...staged, name: '', contentType: cleanContentType(part.mimetype) };
      if (part.truncated()) throw new AppError('file_too_large', 'The file is too large.');
    }
  } catch (error) {
    if (item) await settleContent(deps, [item], { committed: false });
    throw error;
  }
  if (!item) throw new AppError('invalid_request', 'Send exactly one file part.');
  return commitVersion(deps, actor, documentId, item, meta);
}

async function commitVersion(
  deps: Deps,
  actor: StaffActor,
  documentId: string,
  item: StagedContent,
  meta: RequestMeta,
) {
  let duplicateOf: string | undefined;
  let matterOf = '';
  try {
    await promoteContent(deps, [item]);
    const version = await deps.db.transaction(async (tx) => {
      // Lock the document: concurrent versions get consecutive numbers.
      const doc = await lockDocument(tx, documentId);
      if (!doc || doc.deletedAt) throw notFound('Document');
      matterOf = doc.matterId;
      if (item.uploadId) await claimUpload(tx, actor, item.uploadId);
      const number = (await lastVersionNumber(tx, doc.id)) + 1;
      const inserted = await insertVersion(tx, actor, doc.firmId, doc.id, number, item);
      duplicateOf = inserted.duplicateOf;
      await setCurrentVersion(tx, doc.id, inserted.version.id, new Date());
      await appendAudit(tx, {
        firmId: doc.firmId,
        actor,
        action: 'document.version.add',
        targetType: 'document',
        targetId: doc.id,
        matterId: doc.matterId,
        meta,
        data: { versionId: inserted.version.id, number: inserted.version.number, sha256: item.sha256 },
      });
      return inserted.version;
    });
    await settleContent(deps, [item], { committed: true, duplicates: [duplicateOf] });
    await deps.afterFilesChange({ matterId: matterOf, documentIds: [documentId] });
    return presentVersion(version);
  } catch (error) {
    await settleContent(deps, [item], { committed: false });
    throw error;
  }
}
