import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/http/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import { sendFile } from '../../platform/http/send-file';
import type { PortalActor } from '../access/actor';
import { type AuditEntry, appendAudit } from '../audit/audit';
import { findVersionWithBlob } from '../files/files.repository';
import { hasRecentStepUp } from '../portal/step-up';
import { presentPortalDocument, presentPortalShare } from './sharing.presenter';
import {
  documentRows,
  folderListing,
  type PortalShareRow,
  portalAttachment,
  portalShareRows,
  readableDocuments,
} from './sharing.repository';

const mfaRequired = () =>
  new AppError('mfa_required', 'This was sent with "require MFA": confirm it is you (step-up) to open it.');

/**
 * `GET /portal/shares`: the active shares that reach this user, across firms. A share whose message
 * requires MFA is left out until the user passes step-up (DESIGN.md rule 6: shares are withheld too).
 */
export async function listPortalShares(deps: Deps, actor: PortalActor) {
  const unlocked = hasRecentStepUp(actor);
  const rows = await portalShareRows(deps.db, actor.id);
  return {
    items: rows.filter((r) => unlocked || !r.require_mfa).map(presentPortalShare),
    nextCursor: null,
  };
}

/** One active share of this user (404 otherwise; 403 `mfa_required` while its message is locked). */
async function requirePortalShare(deps: Deps, actor: PortalActor, shareId: string): Promise<PortalShareRow> {
  const [share] = await portalShareRows(deps.db, actor.id, shareId);
  if (!share) throw notFound('Share');
  if (share.require_mfa && !hasRecentStepUp(actor)) throw mfaRequired();
  return share;
}

/**
 * `GET /portal/shares/:id/files?folderId=`: the live listing inside a shared folder (`folderId` must
 * lie in the shared subtree), or the shared document. A fixed number of queries whatever the folder
 * holds; audited as a view.
 */
export async function listSharedFiles(
  deps: Deps,
  actor: PortalActor,
  shareId: string,
  folderId: string | undefined,
  meta: RequestMeta,
) {
  const share = await requirePortalShare(deps, actor, shareId);
  if (share.kind === 'document') {
    if (folderId) throw notFound('Folder');
    const [docs] = await Promise.all([
      documentRows(deps.db, sql`d.id = ${share.document_id}`),
      appendAudit(deps.db, viewEntry(actor, share, null, meta)),
    ]);
    return { folders: [], documents: docs.map(presentPortalDocument) };
  }
  const folder = await folderListing(
    deps.db,
    { matterId: share.matter_id, path: share.folder_path! },
    folderId ?? share.folder_id!,
    viewEntry(actor, share, folderId ?? share.folder_id!, meta),
  );
  if (!folder) throw notFound('Folder');
  return {
    // The shared folder is the top: its own parent is not part of the share.
    folder: {
      id: folder.id,
      name: folder.name,
      parentId: folder.id === share.folder_id ? null : folder.parent_id,
    },
    folders: folder.subfolders.map((f) => ({
      id: f.id,
      name: f.name,
      updatedAt: new Date(f.updated_at).toISOString(),
    })),
    documents: folder.documents.map(presentPortalDocument),
  };
}

/** DESIGN.md rule 9: a portal user's view of a share's files (`folderId`: the folder listed). */
function viewEntry(
  actor: PortalActor,
  share: PortalShareRow,
  folderId: string | null,
  meta: RequestMeta,
): AuditEntry {
  return {
    firmId: share.firm_id,
    actor,
    action: 'share.view',
    targetType: 'share',
    targetId: share.id,
    matterId: share.matter_id,
    meta,
    data: { folderId },
  };
}

/**
 * `GET /portal/shares/:id/documents/:documentId/content`: the CURRENT version while this share
 * covers the document (one set-based access query, read from the database every time), else 404.
 * Audited with the version served.
 */
export async function downloadSharedDocument(
  deps: Deps,
  actor: PortalActor,
  shareId: string,
  documentId: string,
  meta: RequestMeta,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const [access] = await readableDocuments(deps.db, actor.id, [documentId], shareId);
  if (!access) throw notFound('Document');
  if (access.require_mfa && !hasRecentStepUp(actor)) throw mfaRequired();
  const row = await findVersionWithBlob(deps.db, documentId, access.current_version_id);
  if (!row) throw notFound('Document');
  return serveAudited(deps, request, reply, access.name, row, {
    firmId: access.firm_id,
    actor,
    action: 'share.download',
    targetType: 'document',
    targetId: documentId,
    matterId: access.matter_id,
    meta,
    data: { shareId },
  });
}

/**
 * `GET /portal/attachments/:id/content`: the fixed copy's pinned version, whatever happened to the
 * document since (moved, new versions, deleted). 403 `mfa_required` while its message is locked.
 */
export async function downloadAttachment(
  deps: Deps,
  actor: PortalActor,
  attachmentId: string,
  meta: RequestMeta,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const attachment = await portalAttachment(deps.db, actor.id, attachmentId);
  if (!attachment) throw notFound('Attachment');
  if (attachment.require_mfa && !hasRecentStepUp(actor)) throw mfaRequired();
  const row = await findVersionWithBlob(deps.db, attachment.document_id, attachment.version_id);
  if (!row) throw notFound('Attachment');
  return serveAudited(deps, request, reply, attachment.name, row, {
    firmId: attachment.firm_id,
    actor,
    action: 'attachment.download',
    targetType: 'attachment',
    targetId: attachment.id,
    matterId: attachment.matter_id,
    meta,
    data: { documentId: attachment.document_id },
  });
}

/** A portal download: the audit row names the version served (DESIGN.md rule 9), then the bytes. */
async function serveAudited(
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
