import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
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
  participants,
  parties,
  shares,
  staff,
} from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { conversationVisibleTo } from '../access/conversation-access';
import { conversationVisibleToParty } from '../access/portal-access';

/** All SQL of the messaging module (STYLE.md). */

export type MessageRow = Omit<typeof messages.$inferSelect, 'search'> & {
  authorName: string;
  /** false when the message has no attachment, share or delivery: no need to look them up. */
  hasExtras: boolean;
};
export type ParticipantRow = {
  id: string;
  conversationId: string;
  type: 'staff' | 'party';
  staffId: string | null;
  partyId: string | null;
  lastReadSeq: number;
  lastReadAt: Date | null;
  name: string;
};

/** Author display name: the staff member, the party's contact, or "Parley" for system posts. */
const authorJoins = sql`
  left join ${staff} on ${messages.authorType} = 'staff' and ${staff.id} = ${messages.authorId}
  left join ${parties} on ${messages.authorType} = 'party' and ${parties.id} = ${messages.authorId}
  left join ${contacts} on ${contacts.id} = ${parties.contactId}`;
const authorName = sql`coalesce(${staff.name}, ${contacts.name}, 'Parley')`;

export interface ConversationListRow {
  id: string;
  kind: 'external' | 'internal' | 'channel' | 'direct';
  title: string | null;
  matter_id: string | null;
  matter_title: string | null;
  last_seq: number;
  updated_at: Date | string;
  last_read_seq: number | null;
  lm_id: string | null;
  lm_seq: number | null;
  lm_body: string | null;
  lm_author_type: 'staff' | 'party' | 'system' | null;
  lm_author_id: string | null;
  lm_author_name: string | null;
  lm_created_at: Date | string | null;
  /** Active participants, as JSON (one round trip for the whole page). */
  people: Omit<ParticipantRow, 'conversationId' | 'lastReadAt'>[] | string;
}

/**
 * The home view (and a matter's list): ONE query over the visible conversations, newest activity
 * first through `conversations_firm_activity_idx`, with the caller's read position (unread =
 * last_seq - last_read_seq, no history scan), the last message found by its unique
 * (conversation, seq), and the participants as JSON.
 */
export async function listConversationRows(
  db: Queryable,
  actor: StaffActor,
  filter: {
    ids?: string[];
    matterId?: string;
    kind?: string;
    /** Only those with messages the caller has not read. */
    unread?: boolean;
    limit: number;
    after?: { at: string; id: string };
  },
): Promise<ConversationListRow[]> {
  const where: SQL[] = [conversationVisibleTo(actor)];
  if (filter.ids) where.push(inArray(conversations.id, filter.ids));
  if (filter.matterId) where.push(eq(conversations.matterId, filter.matterId));
  if (filter.kind) where.push(sql`${conversations.kind} = ${filter.kind}`);
  if (filter.unread) where.push(unreadBy(actor));
  if (filter.after) {
    where.push(
      sql`(${conversations.updatedAt}, ${conversations.id}) < (${filter.after.at}::timestamptz, ${filter.after.id})`,
    );
  }
  // The page is picked first (an index scan on (firm_id, updated_at desc, id desc) that stops at
  // `limit`), then only those rows are joined: the cost does not grow with history or thread count.
  return queryRows<ConversationListRow>(
    db,
    sql`
    with page as materialized (
      select ${conversations.id} as id from ${conversations}
      where ${and(...where)}
      order by ${conversations.updatedAt} desc, ${conversations.id} desc
      limit ${filter.limit}
    )
    select ${conversations.id} as id, ${conversations.kind} as kind, ${conversations.title} as title,
      ${conversations.matterId} as matter_id, ${matters.title} as matter_title,
      ${conversations.lastSeq} as last_seq, ${conversations.updatedAt} as updated_at,
      ${participants.lastReadSeq} as last_read_seq,
      ${messages.id} as lm_id, ${messages.seq} as lm_seq, left(${messages.body}, 200) as lm_body,
      ${messages.authorType} as lm_author_type, ${messages.authorId} as lm_author_id,
      ${authorName} as lm_author_name, ${messages.createdAt} as lm_created_at,
      (select coalesce(json_agg(json_build_object('id', p.id, 'type', p.type, 'staffId', p.staff_id,
          'partyId', p.party_id, 'lastReadSeq', p.last_read_seq, 'lastReadAt', p.last_read_at,
          'name', coalesce(ps.name, pc.name, '')) order by p.created_at, p.id), '[]'::json)
        from ${participants} p
        left join ${staff} ps on ps.id = p.staff_id
        left join ${parties} pp on pp.id = p.party_id
        left join ${contacts} pc on pc.id = pp.contact_id
        where p.conversation_id = ${conversations.id} and p.removed_at is null) as people
    from page join ${conversations} on ${conversations.id} = page.id
    left join ${matters} on ${matters.id} = ${conversations.matterId}
    left join ${participants} on ${participants.conversationId} = ${conversations.id}
      and ${participants.staffId} = ${actor.id} and ${participants.removedAt} is null
    left join ${messages} on ${messages.conversationId} = ${conversations.id} and ${messages.seq} = ${conversations.lastSeq}
    ${authorJoins}
    order by ${conversations.updatedAt} desc, ${conversations.id} desc`,
  );
}

/** The caller takes part and has not read up to the conversation's last message. */
const unreadBy = (actor: StaffActor) =>
  sql`exists (select 1 from ${participants} u where u.conversation_id = ${conversations.id}
    and u.staff_id = ${actor.id} and u.removed_at is null and u.last_read_seq < ${conversations.lastSeq})`;

/**
 * The caller's unread totals over the conversations they may see and take part in: one pass over
 * their own participant rows (`participants_staff_idx`), not over the firm's conversations.
 */
export async function countUnread(db: Queryable, actor: StaffActor) {
  const [row] = await queryRows<{ conversations: number; messages: number }>(
    db,
    sql`
    select count(*)::int as conversations, coalesce(sum(${conversations.lastSeq} - p.last_read_seq), 0)::int as messages
    from ${participants} p join ${conversations} on ${conversations.id} = p.conversation_id
    where p.staff_id = ${actor.id} and p.removed_at is null and p.last_read_seq < ${conversations.lastSeq}
      and ${conversationVisibleTo(actor)}`,
  );
  return { conversations: row?.conversations ?? 0, messages: row?.messages ?? 0 };
}

/** Active participants of many conversations, with names, in one query. */
export async function listParticipants(db: Queryable, conversationIds: string[]): Promise<ParticipantRow[]> {
  if (conversationIds.length === 0) return [];
  return db
    .select({
      id: participants.id,
      conversationId: participants.conversationId,
      type: participants.type,
      staffId: participants.staffId,
      partyId: participants.partyId,
      lastReadSeq: participants.lastReadSeq,
      lastReadAt: participants.lastReadAt,
      name: sql<string>`coalesce(${staff.name}, ${contacts.name}, '')`,
    })
    .from(participants)
    .leftJoin(staff, eq(staff.id, participants.staffId))
    .leftJoin(parties, eq(parties.id, participants.partyId))
    .leftJoin(contacts, eq(contacts.id, parties.contactId))
    .where(and(inArray(participants.conversationId, conversationIds), isNull(participants.removedAt)))
    .orderBy(asc(participants.joinedAt), asc(participants.id));
}

export async function insertConversation(
  tx: Queryable,
  values: {
    firmId: string;
    matterId: string | null;
    kind: ConversationRowKind;
    title: string | null;
    createdBy: string;
  },
) {
  const [row] = await tx.insert(conversations).values(values).returning();
  return row!;
}
type ConversationRowKind = (typeof conversations.$inferInsert)['kind'];

/** Adds whoever is not already an active participant; returns the rows actually added. */
export async function addParticipantRows(
  tx: Queryable,
  firmId: string,
  conversationId: string,
  people: { staffIds?: string[]; partyIds?: string[] },
) {
  const rows = [
    ...(people.staffIds ?? []).map((staffId) => ({
      firmId,
      conversationId,
      type: 'staff' as const,
      staffId,
    })),
    ...(people.partyIds ?? []).map((partyId) => ({
      firmId,
      conversationId,
      type: 'party' as const,
      partyId,
    })),
  ];
  if (rows.length === 0) return [];
  return tx.insert(participants).values(rows).onConflictDoNothing().returning();
}

export async function removeParticipantRow(tx: Queryable, conversationId: string, participantId: string) {
  const [row] = await tx
    .update(participants)
    .set({ removedAt: sql`now()` })
    .where(
      and(
        eq(participants.id, participantId),
        eq(participants.conversationId, conversationId),
        isNull(participants.removedAt),
      ),
    )
    .returning();
  return row;
}

export async function touchConversation(tx: Queryable, conversationId: string) {
  await tx.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

/** The caller's own active participation, if any. */
export async function findStaffParticipant(db: Queryable, conversationId: string, staffId: string) {
  const [row] = await db
    .select()
    .from(participants)
    .where(
      and(
        eq(participants.conversationId, conversationId),
        eq(participants.staffId, staffId),
        isNull(participants.removedAt),
      ),
    );
  return row;
}

/** Of these ids, the active parties of the matter. */
export async function activePartyIds(db: Queryable, matterId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.matterId, matterId), inArray(parties.id, ids), isNull(parties.removedAt)));
  return new Set(rows.map((r) => r.id));
}

/**
 * The matter's conversation of this kind whose ACTIVE participants are exactly these people
 * (keys compared as one sorted string in the "C" collation, the same order as JS sort).
 */
export async function findConversationWithExactly(
  db: Queryable,
  matterId: string,
  kind: 'external' | 'internal',
  people: { staffIds: string[]; partyIds: string[] },
): Promise<string | undefined> {
  const key = [...people.staffIds.map((id) => `s:${id}`), ...people.partyIds.map((id) => `p:${id}`)]
    .sort()
    .join(',');
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select ${conversations.id} as id from ${conversations}
      where ${conversations.matterId} = ${matterId} and ${conversations.kind} = ${kind}
        and (select string_agg(case when p.type = 'staff' then 's:' || p.staff_id else 'p:' || p.party_id end, ','
               order by (case when p.type = 'staff' then 's:' || p.staff_id else 'p:' || p.party_id end) collate "C")
             from ${participants} p where p.conversation_id = ${conversations.id} and p.removed_at is null) = ${key}
      order by ${conversations.updatedAt} desc limit 1`,
  );
  return rows[0]?.id;
}

/** Moves a participant's read position forward only, never past the last message. */
export async function advanceRead(tx: Queryable, participantId: string, seq: number) {
  const rows = await queryRows<{ last_read_seq: number; last_read_at: Date | string }>(
    tx,
    sql`update ${participants} p set last_read_seq = least(${seq}, c.last_seq), last_read_at = now()
        from ${conversations} c
        where p.id = ${participantId} and c.id = p.conversation_id and least(${seq}, c.last_seq) > p.last_read_seq
        returning p.last_read_seq, p.last_read_at`,
  );
  return rows[0];
}

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

/** The conversation, if this party may see it (`conversationVisibleToParty`; else undefined). */
export async function findConversationOfParty(q: Queryable, conversationId: string, partyId: string) {
  const [row] = await q
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.id, conversationId),
        conversationVisibleToParty(partyId, sql`${conversations.id}`),
      ),
    );
  return row;
}
