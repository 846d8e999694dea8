import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { sendFile } from '../../platform/http/send-file';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import type { findVersionWithBlob } from '../files/files.repository';

/** 403 for shared content whose message was sent with "require MFA", until the user steps up. */
export const mfaRequired = () =>
  new AppError('mfa_required', 'This was sent with "require MFA": confirm it is you (step-up) to open it.');

/** A portal download: the audit row names the version served (DESIGN.md rule 9), then the bytes. */
export async function serveAudited(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  row: NonNullable<Awaited<ReturnType<typeof findVersionWithBlob>>>,
  audit: AuditEntry,
) {
  await appendAudit(deps.db, {
    ...audit,
    data: { ...audit.data, versionId: row.version.id, versionNumber: row.version.number },
  });
  return sendFile(request, reply, {
    name,
    contentType: row.version.contentType,
    size: Number(row.version.size),
    sha256: row.version.sha256,
    open: (range) => deps.blobs.read(row.blob.storageKey, range),
  });
}
