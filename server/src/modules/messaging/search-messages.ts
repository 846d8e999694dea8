import { SNIPPET_MARK_END, SNIPPET_MARK_START, type searchQuery } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { searchMessageRows } from './messages.repository';

/**
 * `GET /search?q=&matterId=`: Postgres full-text search (`websearch_to_tsquery`), ranked, only in
 * conversations the caller may see. Snippets are plain text with private-use markers around hits
 * (see `SNIPPET_MARK_START` in contracts), so no body can inject HTML into a results page.
 */
export async function searchMessages(deps: Deps, actor: StaffActor, query: z.output<typeof searchQuery>) {
  if (query.matterId) await requireVisibleMatter(deps.db, actor, query.matterId);
  const rows = await searchMessageRows(deps.db, actor, {
    q: query.q,
    ...(query.matterId ? { matterId: query.matterId } : {}),
    limit: query.limit,
    markStart: SNIPPET_MARK_START,
    markEnd: SNIPPET_MARK_END,
  });
  return {
    items: rows.map((r) => ({
      conversationId: r.conversation_id,
      messageId: r.message_id,
      seq: Number(r.seq),
      snippet: r.snippet,
      rank: Number(r.rank),
      createdAt: new Date(r.created_at).toISOString(),
      matter: r.matter_id ? { id: r.matter_id, title: r.matter_title ?? '' } : null,
    })),
    nextCursor: null,
  };
}
