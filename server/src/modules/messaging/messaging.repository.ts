import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import {
  contacts,
  conversations,
  matters,
  messages,
  participants,
  parties,
  staff,
} from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { conversationVisibleTo } from '../access/conversation-access';
import { conversationVisibleToParty } from '../access/portal-access';

import { authorJoins, authorName } from './messages.repository';

/** The messaging module's SQL for conversations, participants and read positions (messages:
 * messages.repository.ts). */

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
