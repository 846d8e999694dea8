import os from 'node:os';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { CompiledStatements, poolOf, type Queryable } from '../../platform/db/database';
import { GroupCommit } from '../../platform/db/group-commit';
import { attachments, conversations, messages, participants, shares } from '../../platform/db/schema';
import { type AuditCteValues, type AuditEntry, auditCteOf, auditCteValues } from '../audit/audit';
import type { StaffActor } from '../identity/actor';
import { type ConversationRow, conversationOfKindVisibleTo } from './messaging.policy';
import { insertMany } from './next-message.batch';

/**
 * Writing a message: the one statement that takes the next seq and writes the message with
 * everything that commits with it (DESIGN.md rules 2, 9, 11), and the lookup of a retried post.
 */

export async function findByClientMessageId(
  db: Queryable,
  conversationId: string,
  author: { type: 'staff' | 'party'; id: string },
  clientMessageId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.authorType, author.type),
        eq(messages.authorId, author.id),
        eq(messages.clientMessageId, clientMessageId),
      ),
    );
  return row?.id;
}

export interface NewMessage {
  id: string;
  firmId: string;
  conversationId: string;
  authorType: 'staff' | 'party';
  authorId: string;
  body: string;
  links: { url: string; label?: string }[];
  sendAsSms: boolean;
  requireMfa: boolean;
  via: 'app' | 'portal' | 'sms' | 'quick_link';
  clientMessageId: string | null;
}
export interface NewAttachment {
  id: string;
  documentId: string;
  versionId: string;
  name: string;
  size: number;
  contentType: string;
}

/** A live share written with its message (DESIGN.md rule 2). */
export interface NewShare {
  id: string;
  matterId: string;
  kind: 'document' | 'folder';
  targetId: string;
}

/** The conversation is missing, or the author may not see it (`visibleTo`): nothing was written. */
export class ConversationHidden extends Error {
  constructor() {
    super('conversation not found or not visible');
  }
}

const DUPLICATE = 'parley_duplicate_message';
const NO_AUDIT = 'parley_audit_not_written';

const nextMessage = new CompiledStatements();
const P = (name: string) => sql.placeholder(name);
const auditPlaceholders = Object.fromEntries(
  Object.keys(
    auditCteValues({
      firmId: '',
      actor: { type: 'system' },
      action: '',
      meta: { ip: null, userAgent: null },
    }),
  ).map((key) => [key, P(`audit_${key}`)]),
) as { [K in keyof AuditCteValues]: unknown };

/** The attachments (`a`) and shares (`sh`) of a message, as CTEs after `m`. */
const fileCtes = () => sql`
      a as (
        insert into ${attachments} (id, firm_id, message_id, document_id, version_id, name, size, content_type, created_at)
        select f.id, ${P('firmId')}, ${P('id')}, f.document_id, f.version_id, f.name, f.size, f.content_type,
          m.created_at + f.ord * interval '1 millisecond'
        from m, jsonb_to_recordset(${P('fileRows')}::jsonb)
          as f(id text, document_id text, version_id text, name text, size bigint, content_type text, ord int)
        returning 1
      ), sh as (
        insert into ${shares} (id, firm_id, matter_id, conversation_id, message_id, kind, document_id, folder_id,
          shared_by, created_at)
        select x.id, ${P('firmId')}, x.matter_id, ${P('conversationId')}, ${P('id')}, x.kind, x.document_id, x.folder_id,
          ${P('authorId')}, m.created_at + x.ord * interval '1 millisecond'
        from m, jsonb_to_recordset(${P('shareJson')}::jsonb)
          as x(id text, matter_id text, kind text, document_id text, folder_id text, ord int)
        returning 1
      ),`;

/** What the statement writing a message depends on, besides its values. */
export interface MessageShape {
  reader: 'staff' | 'party';
  visibility?: { kind: ConversationRow['kind']; role: StaffActor['role'] };
  /** A clientMessageId was given: a retry may collide with the first post. */
  retryable: boolean;
  /** The message carries attachments or shares (else their CTEs are left out). */
  files: boolean;
}

/** One message ready to write: its statement's shape and every value the statement binds. */
export interface PreparedMessage {
  shape: MessageShape;
  shapeKey: string;
  values: Record<string, unknown>;
}

/** What writing a message returns. */
export interface WrittenMessage {
  seq: number;
  createdAt: Date;
  participantId: string | null;
  lastReadAt: Date | null;
}

/** `insertNextMessage`'s statement for one shape: every value is a placeholder. */
function nextMessageSql(shape: MessageShape): SQL {
  const readerColumn = shape.reader === 'staff' ? sql`staff_id` : sql`party_id`;
  const visible = shape.visibility
    ? sql`and ${conversationOfKindVisibleTo(
        { id: sql`${P('viewerId')}`, firmId: sql`${P('viewerFirmId')}`, role: shape.visibility.role },
        shape.visibility.kind,
      )}`
    : sql``;
  return sql`
      with c as (
        update ${conversations} set last_seq = last_seq + 1, last_message_at = now(), updated_at = now()
        where id = ${P('conversationId')} ${visible} returning last_seq
      ), m as (
        insert into ${messages} (id, firm_id, conversation_id, seq, author_type, author_id, body, links,
          send_as_sms, require_mfa, via, client_message_id)
        select ${P('id')}, ${P('firmId')}, ${P('conversationId')}, c.last_seq, ${P('authorType')}, ${P('authorId')},
          ${P('body')}, ${P('links')}::jsonb, ${P('sendAsSms')}, ${P('requireMfa')}, ${P('via')}, ${P('clientMessageId')}
        from c
        ${shape.retryable ? sql`on conflict do nothing` : sql``}
        returning seq, created_at
      ), ${shape.files ? fileCtes() : sql``} p as (
        update ${participants} set last_read_seq = m.seq, last_read_at = now() from m
        where conversation_id = ${P('conversationId')} and ${readerColumn} = ${P('authorId')} and removed_at is null
        returning ${participants.id} as id, last_read_at
      ), ${auditCteOf(
        auditPlaceholders,
        shape.files
          ? sql`exists (select 1 from m) and (select count(*) from a) = ${P('fileCount')}
              and (select count(*) from sh) = ${P('shareCount')}`
          : sql`exists (select 1 from m)`,
      )}
      select m.seq, m.created_at, p.id as participant_id, p.last_read_at,
        exists (select 1 from c) as found,
        case when not exists (select 1 from c) then null
             when m.seq is null then cast(concat(${DUPLICATE}::text, m.seq) as integer)
             when not exists (select 1 from audit) then cast(concat(${NO_AUDIT}::text, m.seq) as integer) end as guard
      from (select 1) one left join m on true left join p on true`;
}

/**
 * Writes the next message of a conversation in ONE statement (one round trip, atomic on its own):
 * the conversation row's `last_seq` is bumped (its row lock orders concurrent posts until commit:
 * seq 1, 2, 3... with no gap or duplicate), the message, its attachments and its shares are inserted, the
 * author's read position moves to it, and the audit row is appended.
 * If (conversation, author, clientMessageId) already exists, the statement fails on purpose and
 * rolls back whole (no seq is used): `undefined` is returned and the caller looks the first one up.
 * If no audit row could be written, it fails. `visibleTo`: the author must see the conversation
 * (checked on the locked row, in the same statement, for its known kind); else `ConversationHidden`.
 * Compiled once per shape (a hot path: no query building per post). Outside a transaction, posts
 * without files made at the same moment share one statement (`next-message.batch.ts`), with the
 * same guarantees each.
 */
export async function insertNextMessage(
  q: Queryable,
  m: NewMessage,
  files: NewAttachment[],
  audit: AuditEntry,
  shareRows: NewShare[] = [],
  visibleTo?: { kind: ConversationRow['kind']; viewer: StaffActor },
): Promise<WrittenMessage | undefined> {
  const prepared = prepareMessage(m, files, audit, shareRows, visibleTo);
  try {
    // Outside a transaction, a message without files may go with others posted at the same moment.
    return await (prepared.shape.files || isTransaction(q)
      ? insertOne(q, prepared)
      : groupCommitOf(q).run(prepared));
  } catch (error) {
    const text =
      error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause)}` : '';
    if (text.includes(DUPLICATE)) return undefined;
    throw error;
  }
}

/** The shape and values of the statement that writes this message (see `insertNextMessage`). */
export function prepareMessage(
  m: NewMessage,
  files: NewAttachment[],
  audit: AuditEntry,
  shareRows: NewShare[] = [],
  visibleTo?: { kind: ConversationRow['kind']; viewer: StaffActor },
): PreparedMessage {
  const fileRows = JSON.stringify(
    files.map((f, ord) => ({
      id: f.id,
      document_id: f.documentId,
      version_id: f.versionId,
      name: f.name,
      size: f.size,
      content_type: f.contentType,
      ord,
    })),
  );
  const shareJson = JSON.stringify(
    shareRows.map((r, ord) => ({
      id: r.id,
      matter_id: r.matterId,
      kind: r.kind,
      document_id: r.kind === 'document' ? r.targetId : null,
      folder_id: r.kind === 'folder' ? r.targetId : null,
      ord,
    })),
  );
  const shape: MessageShape = {
    reader: m.authorType,
    visibility: visibleTo && { kind: visibleTo.kind, role: visibleTo.viewer.role },
    retryable: m.clientMessageId !== null,
    files: files.length + shareRows.length > 0,
  };
  const values: Record<string, unknown> = {
    ...m,
    links: JSON.stringify(m.links),
    fileRows,
    shareJson,
    fileCount: files.length,
    shareCount: shareRows.length,
    viewerId: visibleTo?.viewer.id ?? null,
    viewerFirmId: visibleTo?.viewer.firmId ?? null,
  };
  for (const [key, value] of Object.entries(auditCteValues(audit))) values[`audit_${key}`] = value;
  return { shape, shapeKey: JSON.stringify(shape), values };
}

/** One message, one statement. */
async function insertOne(
  q: Queryable,
  { shape, shapeKey, values }: PreparedMessage,
): Promise<WrittenMessage> {
  const rows = await nextMessage.rows<{
    seq: number;
    created_at: Date | string;
    participant_id: string | null;
    last_read_at: Date | string | null;
    found: boolean;
  }>(q, shapeKey, () => nextMessageSql(shape), values);
  const row = rows[0]!;
  if (!row.found) throw new ConversationHidden();
  return writtenFrom(row);
}

export function writtenFrom(row: {
  seq: number;
  created_at: Date | string;
  participant_id: string | null;
  last_read_at: Date | string | null;
}): WrittenMessage {
  return {
    seq: Number(row.seq),
    createdAt: new Date(row.created_at),
    participantId: row.participant_id,
    lastReadAt: row.last_read_at === null ? null : new Date(row.last_read_at),
  };
}

const isTransaction = (q: Queryable) => q instanceof PgTransaction;

/**
 * Group commit of plain posts (platform/db/group-commit.ts): a few statements at once per database,
 * up to 64 messages each, one per conversation; a conversation's posts leave in order.
 */
/** What the group commit of plain posts has done on this database so far. */
export const postGroupCommitStats = (q: Queryable) => groupCommits.get(q)?.stats;

const groupCommits = new WeakMap<object, GroupCommit<PreparedMessage, WrittenMessage>>();
function groupCommitOf(q: Queryable) {
  let group = groupCommits.get(q);
  if (!group) {
    group = new GroupCommit<PreparedMessage, WrittenMessage>({
      group: (p) => p.shapeKey,
      key: (p) => String(p.values.conversationId),
      one: (p) => insertOne(q, p),
      many: (ps) => insertMany(q, ps),
      // PostgreSQL runs about one statement per core at a time; PGlite, one in all.
      maxInFlight: poolOf(q) ? Math.max(2, os.availableParallelism()) : 1,
      maxBatch: 64,
    });
    groupCommits.set(q, group);
  }
  return group;
}
