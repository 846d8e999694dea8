import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps';
import { queryRows } from '../../platform/db/database';
import { notFound } from '../../platform/http/errors';
import type { StaffActor } from '../access/actor';
import { partyWaysIn } from '../access/portal-access';
import { findVisibleDocument } from './files.repository';

interface Row {
  message_id: string;
  conversation_id: string;
  kind: 'attachment' | 'share';
  share_id: string | null;
  at: Date | string;
  revoked_at: Date | string | null;
  recipients: { partyId: string; name: string }[] | null;
}

/**
 * Where this document was sent (attachments) or shared (a share of it or of a folder above it),
 * newest first, with the parties of each conversation: the file viewer's Messages section.
 */
export async function listDocumentMessages(deps: Deps, actor: StaffActor, documentId: string) {
  const found = await findVisibleDocument(deps.db, actor, documentId);
  if (!found) throw notFound('Document');
  const rows = await queryRows<Row>(
    deps.db,
    sql`
    with hits as (
      select a.message_id, m.conversation_id, 'attachment' as kind, null::text as share_id,
        a.created_at as at, null::timestamptz as revoked_at
      from attachments a join messages m on m.id = a.message_id
      where a.document_id = ${documentId}
      union all
      select s.message_id, s.conversation_id, 'share', s.id, s.created_at, s.revoked_at
      from shares s left join folders a on a.id = s.folder_id
      where s.matter_id = ${found.document.matterId} and (s.document_id = ${documentId}
        or (select f.path from folders f where f.id = ${found.document.folderId}) like a.path || '%'))
    select h.*, (
      select json_agg(json_build_object('partyId', pa.id, 'name', ct.name) order by ct.name)
      from ${partyWaysIn} where pt.conversation_id = h.conversation_id
    ) as recipients
    from hits h order by h.at desc, h.message_id`,
  );
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
