import type { ConversationView, conversationQuery } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { StaffActor } from '../access/actor';
import { presentConversation } from './messaging.presenter';
import {
  type ConversationListRow,
  countUnread,
  listConversationRows,
  type ParticipantRow,
} from './messaging.repository';

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.string() });

function present(rows: ConversationListRow[]): ConversationView[] {
  return rows.map((row) => {
    const people = (typeof row.people === 'string' ? JSON.parse(row.people) : row.people) as (Omit<
      ParticipantRow,
      'conversationId' | 'lastReadAt'
    > & { lastReadAt: string | null })[];
    return presentConversation(
      row,
      people.map((p) => ({
        ...p,
        conversationId: row.id,
        lastReadAt: p.lastReadAt ? new Date(p.lastReadAt) : null,
      })),
    );
  });
}

/**
 * The caller's visible conversations, most recent activity first (the home Messages view without
 * `matterId`): one query per page whatever the number of conversations.
 */
export async function listConversations(
  deps: Deps,
  actor: StaffActor,
  query: z.output<typeof conversationQuery>,
) {
  const rows = await listConversationRows(deps.db, actor, {
    ...(query.matterId ? { matterId: query.matterId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.unread ? { unread: true } : {}),
    limit: query.limit + 1,
    ...(query.cursor ? { after: decodeCursor(query.cursor, cursorSchema) } : {}),
  });
  const items = present(rows.slice(0, query.limit));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null,
  };
}

/** `GET /me/unread`: the caller's unread conversations and messages (the navigation's count). */
export const unreadTotals = (deps: Deps, actor: StaffActor) => countUnread(deps.db, actor);

/** One conversation as the caller sees it; 404 when missing or invisible. */
export async function getConversation(
  db: Queryable,
  actor: StaffActor,
  id: string,
): Promise<ConversationView> {
  const [row] = await listConversationRows(db, actor, { ids: [id], limit: 1 });
  if (!row) throw notFound('Conversation');
  return present([row])[0]!;
}
