import type { Queryable } from '../../platform/db/database';
import type { conversations } from '../../platform/db/schema';
import { notFound } from '../../platform/errors';
import type { StaffActor } from '../access/actor';
import { visibleConversation } from '../access/conversation-access';

// THE conversation rule (DESIGN.md rule 1) is written in access/conversation-access.ts; this file
// is the 404 lookup built on it, and the cache of what never changes about a conversation.

export type ConversationRow = typeof conversations.$inferSelect;

/** What never changes about a conversation: its firm, matter and kind. */
export type ConversationFacts = Pick<ConversationRow, 'id' | 'firmId' | 'matterId' | 'kind'>;

const FACTS_CACHE_SIZE = 10_000;
const factsCache = new Map<string, ConversationFacts>();

/**
 * The facts of a conversation this process has already loaded for someone allowed to see it. NOT
 * an access check: a caller using them must check visibility in its own statement (the plain-post
 * fast path does, in `insertNextMessage`).
 */
export function knownConversationFacts(id: string): ConversationFacts | undefined {
  return factsCache.get(id);
}

function rememberFacts(row: ConversationRow) {
  if (factsCache.has(row.id)) return;
  if (factsCache.size >= FACTS_CACHE_SIZE) factsCache.delete(factsCache.keys().next().value!);
  factsCache.set(row.id, { id: row.id, firmId: row.firmId, matterId: row.matterId, kind: row.kind });
}

/** The conversation, or 404 when it is missing OR the actor may not see it (same answer). */
export async function requireVisibleConversation(
  db: Queryable,
  actor: StaffActor,
  conversationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow> {
  const row = await visibleConversation(db, actor, conversationId, options);
  if (!row) throw notFound('Conversation');
  rememberFacts(row);
  return row;
}
