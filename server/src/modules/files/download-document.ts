import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import { sendFile } from '../../platform/http/send-file';
import type { StaffActor } from '../access/actor';
import { findVersionWithBlob, findVisibleDocument } from './files.repository';

/** The bytes of a document's current version, or of the version asked for. */
export async function downloadDocument(
  deps: Deps,
  actor: StaffActor,
  documentId: string,
  versionId: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const found = await findVisibleDocument(deps.db, actor, documentId);
  if (!found) throw notFound('Document');
  const row = await findVersionWithBlob(deps.db, documentId, versionId ?? found.document.currentVersionId);
  if (!row) throw notFound('Version');
  return sendFile(request, reply, {
    name: found.document.name,
    contentType: row.version.contentType,
    size: Number(row.version.size),
    sha256: row.version.sha256,
    open: (range) => deps.blobs.read(row.blob.storageKey, range),
  });
}
