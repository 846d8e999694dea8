import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { findVersionWithBlob } from '../files/files.repository';
import { hasRecentStepUp } from '../portal/step-up';
import { mfaRequired, serveAudited } from './portal-downloads';
import { portalAttachment } from './portal-shares.repository';

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
