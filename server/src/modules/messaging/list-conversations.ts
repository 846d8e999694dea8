import type { ConversationView, conversationQuery } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { notFound } from '../../platform/http/errors';
import type { StaffActor } from '../identity/actor';
import { presentConversation } from './messaging.presenter';
import { type ConversationListRow, listConversationRows, listParticipants } from './messaging.repository';

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.string() });

async function withParticipants(db: Queryable, rows: ConversationListRow[]): Promise<ConversationView[]> {
  const people = await listParticipants(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    presentConversation(
      row,
      people.filter((p) => p.conversationId === row.id),
    ),
  );
}

/**
 * The caller's visible conversations, most recent activity first (the home Messages view without
 * `matterId`): two queries per page whatever the number of conversations.
 */
export async function listConversations(
  deps: Deps,
  actor: StaffActor,
  query: z.output<typeof conversationQuery>,
) {
  const rows = await listConversationRows(deps.db, actor, {
    ...(query.matterId ? { matterId: query.matterId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    limit: query.limit + 1,
    ...(query.cursor ? { after: decodeCursor(query.cursor, cursorSchema) } : {}),
  });
  const items = await withParticipants(deps.db, rows.slice(0, query.limit));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null,
  };
}

/** One conversation as the caller sees it; 404 when missing or invisible. */
export async function getConversation(
  db: Queryable,
  actor: StaffActor,
  id: string,
): Promise<ConversationView> {
  const [row] = await listConversationRows(db, actor, { ids: [id], limit: 1 });
  if (!row) throw notFound('Conversation');
  return (await withParticipants(db, [row]))[0]!;
}
