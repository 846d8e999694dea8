import { type SQL, sql } from 'drizzle-orm';
import { CompiledStatements, type Queryable } from '../../platform/db/database';
import { conversations, messages, participants } from '../../platform/db/schema';
import { auditCteOf } from '../audit/audit';
import { conversationOfKindVisibleTo } from './messaging.policy';
import {
  ConversationHidden,
  type MessageShape,
  type PreparedMessage,
  type WrittenMessage,
  writtenFrom,
} from './next-message.repository';

/**
 * Many plain messages (no files), each in a different conversation, written by ONE statement: the
 * group commit of `insertNextMessage`. Each message gets exactly what it would get alone (its
 * conversation's next seq, the author's read position, its audit row, the visibility check on the
 * locked row); they commit together. The conversations are locked in id order, so two batches
 * (on two nodes) never wait on each other in a cycle. A message whose conversation is missing or
 * hidden from its author is `ConversationHidden`, alone; any other failure fails the statement and
 * the caller retries each message alone (a retried clientMessageId among them, for instance).
 */
const nextMessages = new CompiledStatements();

/** The values of each message, as `insertNextMessage` prepared them (JSON keys = value names). */
const columns = {
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
  audit_firmId: 'text',
  audit_actorType: 'text',
  audit_actorId: 'text',
  audit_action: 'text',
  audit_targetType: 'text',
  audit_targetId: 'text',
  audit_matterId: 'text',
  audit_ip: 'text',
  audit_userAgent: 'text',
  audit_data: 'text',
  audit_createdAt: 'text',
} as const;

const col = (name: keyof typeof columns) => sql.raw(`i."${name}"`);
const NO_AUDIT = 'parley_audit_not_written';

function nextMessagesSql(shape: MessageShape): SQL {
  const readerColumn = shape.reader === 'staff' ? sql`staff_id` : sql`party_id`;
  const visible = shape.visibility
    ? sql`and ${conversationOfKindVisibleTo(
        { id: col('viewerId'), firmId: col('viewerFirmId'), role: shape.visibility.role },
        shape.visibility.kind,
      )}`
    : sql``;
  const recordset = sql.raw(
    Object.entries(columns)
      .map(([name, type]) => `"${name}" ${type}`)
      .join(', '),
  );
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
      ), ${auditCteOf(
        {
          firmId: col('audit_firmId'),
          actorType: col('audit_actorType'),
          actorId: col('audit_actorId'),
          action: col('audit_action'),
          targetType: col('audit_targetType'),
          targetId: col('audit_targetId'),
          matterId: col('audit_matterId'),
          ip: col('audit_ip'),
          userAgent: col('audit_userAgent'),
          data: col('audit_data'),
          createdAt: col('audit_createdAt'),
        },
        undefined,
        sql`i join m on m.id = ${col('id')}`,
      )}
      select ${col('ord')} as ord, m.seq, m.created_at, p.id as participant_id, p.last_read_at,
        m.id is not null as found,
        case when (select count(*) from audit) <> (select count(*) from m)
          then cast(concat(${NO_AUDIT}::text, (select count(*) from m)) as integer) end as guard
      from i left join m on m.id = ${col('id')} left join p on p.conversation_id = ${col('conversationId')}
      order by ${col('ord')}`;
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
