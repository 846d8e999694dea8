import os from 'node:os';
import { and, eq } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { CompiledStatements, poolOf, type Queryable } from '../../platform/db/database';
import { GroupCommit } from '../../platform/db/group-commit';
import { messages } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { type AuditEntry, auditCteValues } from '../audit/audit.repository';
import type { ConversationRow } from './messaging.policy';
import { DUPLICATE, type MessageShape, nextMessageSql, nextMessagesSql } from './next-message.sql';

/**
 * Writing a message: the one statement (`next-message.sql.ts`) that takes the next seq and writes
 * the message with everything that commits with it (DESIGN.md rules 2, 9, 11), the group commit of
 * plain posts, and the lookup of a retried post.
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

const nextMessage = new CompiledStatements();
const nextMessages = new CompiledStatements();

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
 * without files made at the same moment share one statement (`nextMessagesSql`), with the same
 * guarantees each.
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

function writtenFrom(row: {
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

/** The messages, one statement: a result or `ConversationHidden` per message, in order. */
export async function insertMany(
  q: Queryable,
  batch: PreparedMessage[],
): Promise<(WrittenMessage | ConversationHidden)[]> {
  const first = batch[0]!;
  const entries = JSON.stringify(batch.map((p, ord) => ({ ...p.values, ord })));
  const rows = await nextMessages.rows<{
    ord: number;
    seq: number;
    created_at: Date | string;
    participant_id: string | null;
    last_read_at: Date | string | null;
    found: boolean;
  }>(q, first.shapeKey, () => nextMessagesSql(first.shape), { entries });
  if (rows.length !== batch.length) throw new Error('batched message insert: one row per message expected');
  return rows.map((row) => (row.found ? writtenFrom(row) : new ConversationHidden()));
}

const isTransaction = (q: Queryable) => q instanceof PgTransaction;

/** What the group commit of plain posts has done on this database so far. */
export const postGroupCommitStats = (q: Queryable) => groupCommits.get(q)?.stats;

/**
 * Group commit of plain posts (platform/db/group-commit.ts): a few statements at once per database,
 * up to 64 messages each, one per conversation; a conversation's posts leave in order.
 */
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
