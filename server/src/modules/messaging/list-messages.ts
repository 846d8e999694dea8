import type { MessageView, messageQuery } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import type { StaffActor } from '../access/actor';
import { listMessageRows, type MessageRow, messageExtras } from './messages.repository';
import { requireVisibleConversation } from './messaging.policy';
import { presentMessage } from './messaging.presenter';
import { listParticipants } from './messaging.repository';

/** Staff views of these messages of one conversation: a constant number of queries. */
export async function staffMessageViews(
  db: Queryable,
  conversationId: string,
  rows: MessageRow[],
): Promise<MessageView[]> {
  const [people, extras] = await Promise.all([
    listParticipants(db, [conversationId]),
    messageExtras(db, rows),
  ]);
  return rows.map((row) => presentMessage(row, extras, { kind: 'staff', people }));
}

/** `GET /conversations/:id/messages?after=&before=&limit=`: by seq, ascending (latest page by default). */
export async function listMessages(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
  query: z.output<typeof messageQuery>,
) {
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  const rows = await listMessageRows(deps.db, conversation.id, {
    ...(query.after === undefined ? {} : { after: query.after }),
    ...(query.before === undefined ? {} : { before: query.before }),
    limit: query.limit,
  });
  return { items: await staffMessageViews(deps.db, conversation.id, rows) };
}
