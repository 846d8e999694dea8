import { type SQL, sql } from 'drizzle-orm';
import { attachments, conversations, messages, participants, shares } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { conversationOfKindVisibleTo } from '../access/conversation-access';
import { type AuditCteValues, auditCteOf, auditCteValues } from '../audit/audit.repository';
import type { ConversationRow } from './messaging.policy';

/**
 * The SQL that writes messages, built once per shape (`CompiledStatements`: every value a
 * placeholder): `nextMessageSql` for one message, `nextMessagesSql` for many plain ones at once
 * (the group commit). They run in `next-message.repository.ts`.
 */

/** Raised on purpose inside the statement (a retried clientMessageId; an audit row not written). */
export const DUPLICATE = 'parley_duplicate_message';
const NO_AUDIT = 'parley_audit_not_written';

const P = (name: string) => sql.placeholder(name);
/** The names of an audit row's values (`auditCteValues`), bound as `audit_<name>`. */
const auditKeys = Object.keys(
  auditCteValues({ firmId: '', actor: { type: 'system' }, action: '', meta: { ip: null, userAgent: null } }),
) as (keyof AuditCteValues)[];
const auditPlaceholders = Object.fromEntries(auditKeys.map((key) => [key, P(`audit_${key}`)])) as {
  [K in keyof AuditCteValues]: unknown;
};

/** What the statement writing a message depends on, besides its values. */
export interface MessageShape {
  reader: 'staff' | 'party';
  visibility?: { kind: ConversationRow['kind']; role: StaffActor['role'] };
  /** A clientMessageId was given: a retry may collide with the first post. */
  retryable: boolean;
  /** The message carries attachments or shares (else their CTEs are left out). */
  files: boolean;
}

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

/** `insertNextMessage`'s statement for one shape: every value is a placeholder. */
export function nextMessageSql(shape: MessageShape): SQL {
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
 * The values of each message of a batch, as `prepareMessage` made them (JSON keys = value names),
 * with their SQL types; then the audit row's values (`audit_<name>`, all text).
 */
const messageColumns = {
  ord: 'int',
  id: 'text',
  firmId: 'text',
  conversationId: 'text',
  authorType: 'text',
  authorId: 'text',
  body: 'text',
  links: 'text',
  sendAsSms: 'boolean',
  requireMfa: 'boolean',
  via: 'text',
  clientMessageId: 'text',
  viewerId: 'text',
  viewerFirmId: 'text',
} as const;
const recordset = sql.raw(
  [
    ...Object.entries(messageColumns).map(([name, type]) => `"${name}" ${type}`),
    ...auditKeys.map((key) => `"audit_${key}" text`),
  ].join(', '),
);
const col = (name: keyof typeof messageColumns) => sql.raw(`i."${name}"`);
const auditColumns = Object.fromEntries(auditKeys.map((key) => [key, sql.raw(`i."audit_${key}"`)])) as {
  [K in keyof AuditCteValues]: unknown;
};

/**
 * Many plain messages (no files), each in a different conversation, in ONE statement: each gets
 * exactly what it would get alone (its conversation's next seq, the author's read position, its
 * audit row, the visibility check on the locked row); they commit together. The conversations are
 * locked in id order (`lk`), so two batches (on two nodes) never wait on each other in a cycle. A
 * message whose conversation is missing or hidden from its author comes back `found = false`;
 * anything else (a retried clientMessageId, say) fails the whole statement.
 */
export function nextMessagesSql(shape: MessageShape): SQL {
  const readerColumn = shape.reader === 'staff' ? sql`staff_id` : sql`party_id`;
  const visible = shape.visibility
    ? sql`and ${conversationOfKindVisibleTo(
        { id: col('viewerId'), firmId: col('viewerFirmId'), role: shape.visibility.role },
        shape.visibility.kind,
      )}`
    : sql``;
  return sql`
      with i as materialized (
        select * from jsonb_to_recordset(${sql.placeholder('entries')}::jsonb) as i(${recordset})
      ), lk as materialized (
        select id from ${conversations} where id in (select "conversationId" from i) order by id for update
      ), c as (
        update ${conversations} set last_seq = last_seq + 1, last_message_at = now(), updated_at = now()
        from i
        where ${conversations.id} = ${col('conversationId')} and ${conversations.id} in (select id from lk) ${visible}
        returning ${conversations.id} as id, last_seq
      ), m as (
        insert into ${messages} (id, firm_id, conversation_id, seq, author_type, author_id, body, links,
          send_as_sms, require_mfa, via, client_message_id)
        select ${col('id')}, ${col('firmId')}, ${col('conversationId')}, c.last_seq, ${col('authorType')},
          ${col('authorId')}, ${col('body')}, ${col('links')}::jsonb, ${col('sendAsSms')}, ${col('requireMfa')},
          ${col('via')}, ${col('clientMessageId')}
        from i join c on c.id = ${col('conversationId')}
        returning id, conversation_id, seq, created_at
      ), p as (
        update ${participants} set last_read_seq = m.seq, last_read_at = now()
        from m join i on ${col('id')} = m.id
        where ${participants.conversationId} = m.conversation_id and ${participants}.${readerColumn} = ${col('authorId')}
          and ${participants.removedAt} is null
        returning ${participants.id} as id, ${participants.conversationId} as conversation_id, last_read_at
      ), ${auditCteOf(auditColumns, undefined, sql`i join m on m.id = ${col('id')}`)}
      select ${col('ord')} as ord, m.seq, m.created_at, p.id as participant_id, p.last_read_at,
        m.id is not null as found,
        case when (select count(*) from audit) <> (select count(*) from m)
          then cast(concat(${NO_AUDIT}::text, (select count(*) from m)) as integer) end as guard
      from i left join m on m.id = ${col('id')} left join p on p.conversation_id = ${col('conversationId')}
      order by ${col('ord')}`;
}
