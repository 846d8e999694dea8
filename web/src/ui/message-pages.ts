import { api } from './api';
import type { Message, PortalMessage } from './api-types';

const PAGE = 200;

/** Every item after `after`, page by page (ascending by seq). */
async function allAfter<M extends { seq: number }>(
  after: number,
  load: (from: number) => Promise<{ items: M[] }>,
): Promise<M[]> {
  const all: M[] = [];
  let from = after;
  for (;;) {
    const page = await load(from);
    all.push(...page.items);
    const last = page.items.at(-1);
    if (page.items.length < PAGE || !last) return all;
    from = last.seq;
  }
}

/** A staff member's view of a conversation's messages after `after`. */
export const fetchMessagesAfter = (conversationId: string, after: number): Promise<Message[]> =>
  allAfter(after, (from) =>
    api('GET /conversations/:id/messages', {
      params: { id: conversationId },
      query: { after: from, limit: PAGE },
    }),
  );

/** A portal user's view of a conversation's messages after `after`. */
export const fetchPortalMessagesAfter = (conversationId: string, after: number): Promise<PortalMessage[]> =>
  allAfter(after, (from) =>
    api('GET /portal/conversations/:id/messages', {
      params: { id: conversationId },
      query: { after: from, limit: PAGE },
    }),
  );

/** Merge by id, ordered by seq: catch-up after a reconnect never duplicates. */
export function mergeMessages<M extends { id: string; seq: number }>(current: M[], incoming: M[]): M[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
