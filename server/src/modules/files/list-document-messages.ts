import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { StaffActor } from '../access/actor';
import { documentMessageRows } from './documents.repository';
import { findVisibleDocument } from './files.repository';

/**
 * Where this document was sent (attachments) or shared (a share of it or of a folder above it),
 * newest first, with the parties of each conversation: the file viewer's Messages section.
 */
export async function listDocumentMessages(deps: Deps, actor: StaffActor, documentId: string) {
  const found = await findVisibleDocument(deps.db, actor, documentId);
  if (!found) throw notFound('Document');
  const rows = await documentMessageRows(deps.db, found.document);
  return {
    items: rows.map((r) => ({
      messageId: r.message_id,
      conversationId: r.conversation_id,
      kind: r.kind,
      ...(r.share_id ? { shareId: r.share_id } : {}),
      recipients: r.recipients ?? [],
      at: new Date(r.at).toISOString(),
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    })),
    nextCursor: null,
  };
}
