import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import {
  attachments,
  contacts,
  conversations,
  deliveries,
  documents,
  documentVersions,
  folders,
  matters,
  messages,
  parties,
  shares,
  staff,
} from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { conversationVisibleTo } from '../access/conversation-access';

/** The messaging module's SQL for messages: their rows with the author's name, their attachments,
 * shares and deliveries, and full-text search (conversations and participants: messaging.repository.ts). */

export type MessageRow = Omit<typeof messages.$inferSelect, 'search'> & {
  authorName: string;
  /** false when the message has no attachment, share or delivery: no need to look them up. */
  hasExtras: boolean;
};
/** Author display name: the staff member, the party's contact, or "Parley" for system posts. */
export const authorJoins = sql`
  left join ${staff} on ${messages.authorType} = 'staff' and ${staff.id} = ${messages.authorId}
  left join ${parties} on ${messages.authorType} = 'party' and ${parties.id} = ${messages.authorId}
  left join ${contacts} on ${contacts.id} = ${parties.contactId}`;
export const authorName = sql`coalesce(${staff.name}, ${contacts.name}, 'Parley')`;

const messageSelect = sql`select ${messages.id} as "id", ${messages.firmId} as "firmId",
  ${messages.conversationId} as "conversationId", ${messages.seq} as "seq", ${messages.authorType} as "authorType",
  ${messages.authorId} as "authorId", ${messages.body} as "body", ${messages.links} as "links",
  ${messages.sendAsSms} as "sendAsSms", ${messages.requireMfa} as "requireMfa", ${messages.via} as "via",
  ${messages.clientMessageId} as "clientMessageId", ${messages.createdAt} as "createdAt",
  ${authorName} as "authorName",
  (exists (select 1 from ${attachments} where ${attachments.messageId} = ${messages.id})
    or exists (select 1 from ${shares} where ${shares.messageId} = ${messages.id})
    or exists (select 1 from ${deliveries} where ${deliveries.messageId} = ${messages.id})) as "hasExtras"
  from ${messages} ${authorJoins}`;

/** A page of a conversation's messages by seq, ascending. Without `after`: the latest page. */
export async function listMessageRows(
  db: Queryable,
  conversationId: string,
  range: { after?: number; before?: number; limit: number },
): Promise<MessageRow[]> {
  const where = and(
    eq(messages.conversationId, conversationId),
    range.after === undefined ? undefined : sql`${messages.seq} > ${range.after}`,
    range.before === undefined ? undefined : sql`${messages.seq} < ${range.before}`,
  );
  const direction = range.after === undefined ? sql`desc` : sql`asc`;
  const rows = await queryRows<MessageRow>(
    db,
    sql`${messageSelect} where ${where} order by ${messages.seq} ${direction} limit ${range.limit}`,
  );
  const normalized = rows.map(normalizeMessage);
  return range.after === undefined ? normalized.reverse() : normalized;
}

export async function messageRowsByIds(db: Queryable, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<MessageRow>(db, sql`${messageSelect} where ${inArray(messages.id, ids)}`);
  return rows.map(normalizeMessage);
}

function normalizeMessage(row: MessageRow): MessageRow {
  return {
    ...row,
    seq: Number(row.seq),
    createdAt: new Date(row.createdAt),
    links: typeof row.links === 'string' ? JSON.parse(row.links) : row.links,
  };
}

/** Attachments, shares and deliveries of many messages: three queries whatever the count (none if none). */
export async function messageExtras(db: Queryable, rows: Pick<MessageRow, 'id' | 'hasExtras'>[]) {
  const messageIds = rows.filter((r) => r.hasExtras).map((r) => r.id);
  if (messageIds.length === 0) return { attachments: [], shares: [], deliveries: [] };
  const [attachmentRows, shareRows, deliveryRows] = await Promise.all([
    db
      .select()
      .from(attachments)
      .where(inArray(attachments.messageId, messageIds))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
    db
      .select({
        id: shares.id,
        messageId: shares.messageId,
        kind: shares.kind,
        targetId: sql<string>`coalesce(${shares.documentId}, ${shares.folderId})`,
        name: sql<string>`coalesce(${documents.name}, ${folders.name}, '')`,
        revokedAt: shares.revokedAt,
      })
      .from(shares)
      .leftJoin(documents, eq(documents.id, shares.documentId))
      .leftJoin(folders, eq(folders.id, shares.folderId))
      .where(inArray(shares.messageId, messageIds))
      .orderBy(asc(shares.createdAt), asc(shares.id)),
    db
      .select()
      .from(deliveries)
      .where(inArray(deliveries.messageId, messageIds))
      .orderBy(asc(deliveries.createdAt), asc(deliveries.id)),
  ]);
  return { attachments: attachmentRows, shares: shareRows, deliveries: deliveryRows };
}
export type MessageExtras = Awaited<ReturnType<typeof messageExtras>>;

/** Live documents of the matter among `ids`, each with the versions asked for or its current one. */
export async function documentsForAttachment(
  db: Queryable,
  firmId: string,
  matterId: string,
  requests: { documentId: string; versionId?: string }[],
) {
  const documentIds = [...new Set(requests.map((r) => r.documentId))];
  return db
    .select({
      documentId: documents.id,
      name: documents.name,
      currentVersionId: documents.currentVersionId,
      versionId: documentVersions.id,
      size: documentVersions.size,
      contentType: documentVersions.contentType,
    })
    .from(documents)
    .innerJoin(documentVersions, eq(documentVersions.documentId, documents.id))
    .where(
      and(
        eq(documents.firmId, firmId),
        eq(documents.matterId, matterId),
        isNull(documents.deletedAt),
        inArray(documents.id, documentIds),
        sql`(${documentVersions.id} = ${documents.currentVersionId} or ${inArray(
          documentVersions.id,
          requests
            .map((r) => r.versionId ?? '')
            .filter(Boolean)
            .concat(['']),
        )})`,
      ),
    );
}

export interface SearchRow {
  conversation_id: string;
  message_id: string;
  seq: number;
  snippet: string;
  rank: number;
  created_at: Date | string;
  matter_id: string | null;
  matter_title: string | null;
}

/**
 * Full-text search on the generated `search` column (GIN index), ranked, only in conversations the
 * caller may see. `ts_headline` marks hits with private-use characters, never HTML; any such
 * character typed in a body is dropped first, so only real hits carry markers.
 */
export async function searchMessageRows(
  db: Queryable,
  actor: StaffActor,
  input: { q: string; matterId?: string; limit: number; markStart: string; markEnd: string },
): Promise<SearchRow[]> {
  const options = `StartSel=${input.markStart}, StopSel=${input.markEnd}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;
  return queryRows<SearchRow>(
    db,
    sql`
    select ${messages.conversationId} as conversation_id, ${messages.id} as message_id, ${messages.seq} as seq,
      ts_headline('english', translate(${messages.body}, ${input.markStart + input.markEnd}, ''), q.query, ${options}) as snippet,
      ts_rank(${messages.search}, q.query) as rank, ${messages.createdAt} as created_at,
      ${conversations.matterId} as matter_id, ${matters.title} as matter_title
    from websearch_to_tsquery('english', ${input.q}) as q(query), ${messages}
    join ${conversations} on ${conversations.id} = ${messages.conversationId}
    left join ${matters} on ${matters.id} = ${conversations.matterId}
    where ${messages.search} @@ q.query and ${messages.firmId} = ${actor.firmId}
      and ${conversationVisibleTo(actor)}
      ${input.matterId ? sql`and ${conversations.matterId} = ${input.matterId}` : sql``}
    order by rank desc, ${messages.createdAt} desc
    limit ${input.limit}`,
  );
}
