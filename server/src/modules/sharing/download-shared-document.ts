import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { findVersionWithBlob } from '../files/files.repository';
import { hasRecentStepUp } from '../portal/step-up';
import { mfaRequired, serveAudited } from './portal-downloads';
import { readableDocuments } from './portal-shares.repository';

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
