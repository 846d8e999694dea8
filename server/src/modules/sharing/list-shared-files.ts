import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';
import { hasRecentStepUp } from '../portal/step-up';
import { mfaRequired } from './portal-downloads';
import {
  folderListing,
  liveDocumentRows,
  type PortalShareRow,
  portalShareRows,
} from './portal-shares.repository';
import { presentPortalDocument } from './sharing.presenter';

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
      liveDocumentRows(deps.db, share.document_id!),
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
