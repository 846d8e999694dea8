import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { PortalActor } from '../access/actor';
import { hasRecentStepUp } from '../portal/step-up';
import { portalDocumentRows } from './portal-shares.repository';

const cursorSchema = z.object({ at: z.iso.datetime(), key: z.string() });

/** `GET /portal/documents` (API.md "Portal additions"). */
export async function listPortalDocuments(
  deps: Deps,
  actor: PortalActor,
  query: { limit: number; cursor?: string | undefined },
) {
  const rows = await portalDocumentRows(deps.db, actor.id, {
    unlocked: hasRecentStepUp(actor),
    limit: query.limit + 1,
    after: decodeCursor(query.cursor, cursorSchema),
  });
  const page = rows.slice(0, query.limit);
  const items = page.map((r) => ({
    source: r.source,
    id: r.id,
    ...(r.share_id ? { shareId: r.share_id } : {}),
    ...(r.attachment_id ? { attachmentId: r.attachment_id } : {}),
    name: r.name,
    size: Number(r.size),
    contentType: r.content_type,
    matter: { title: r.matter_title },
    conversationId: r.conversation_id,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ at: new Date(last.updated_at).toISOString(), key: last.key })
        : null,
  };
}
