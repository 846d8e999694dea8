import type { PortalConversationView } from '@parley/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { PortalActor } from '../access/actor';
import { presentLastMessage } from '../messaging/messaging.presenter';
import { listPortalConversationRows, type PortalConversationRow } from './portal-conversations.repository';
import { hasRecentStepUp } from './step-up';

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.string() });

function presentConversation(row: PortalConversationRow, actor: PortalActor): PortalConversationView {
  const locked = Boolean(row.lm_require_mfa) && !hasRecentStepUp(actor);
  const last = presentLastMessage(row, locked ? null : (row.lm_body ?? '').slice(0, 140));
  return {
    id: row.id,
    title: row.title,
    matter: { title: row.matter_title },
    firm: { id: row.firm_id, name: row.firm_name },
    people: typeof row.people === 'string' ? JSON.parse(row.people) : row.people,
    // DESIGN.md rule 6: no word of a requireMfa message without a recent step-up.
    lastMessage: last && { ...last, locked },
    unreadCount: Math.max(0, Number(row.last_seq) - Number(row.last_read_seq)),
    lastSeq: Number(row.last_seq),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** `GET /portal/conversations`: across firms, newest activity first. */
export async function listPortalConversations(
  deps: Deps,
  actor: PortalActor,
  query: { limit: number; cursor?: string | undefined },
) {
  const rows = await listPortalConversationRows(deps.db, actor.id, {
    limit: query.limit + 1,
    ...(query.cursor ? { after: decodeCursor(query.cursor, cursorSchema) } : {}),
  });
  const items = rows.slice(0, query.limit).map((row) => presentConversation(row, actor));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null,
  };
}
