import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { queryRows } from '../../platform/db/database';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { PortalActor } from '../access/actor';
import { conversationVisibleToPortal } from '../access/portal-access';
import { hasRecentStepUp } from '../portal/step-up';

interface PortalDocumentListRow {
  source: 'share' | 'attachment';
  id: string;
  share_id: string | null;
  attachment_id: string | null;
  name: string;
  size: string | number;
  content_type: string;
  matter_title: string;
  conversation_id: string;
  updated_at: Date | string;
  /** The row's place in the list (ties on `updated_at`, cut to the cursor's milliseconds, broken by it). */
  key: string;
}

const cursorSchema = z.object({ at: z.iso.datetime(), key: z.string() });

/**
 * Every file this portal user may open, as one list: each live document an active share reaches (a
 * document share its document; a folder share every live document of the live subtree, as
 * `readableDocuments` decides), and each attachment of their conversations; a `requireMfa`
 * message's files only while `unlocked`. Newest first, keyset-paged on (updated_at, key).
 */
function portalDocumentRows(
  deps: Deps,
  portalUserId: string,
  options: { unlocked: boolean; limit: number; after?: { at: string; key: string } | undefined },
) {
  const mfa: SQL = options.unlocked ? sql`true` : sql`not m.require_mfa`;
  const after = options.after
    ? sql`where (updated_at, key) < (${options.after.at}::timestamptz, ${options.after.key})`
    : sql``;
  return queryRows<PortalDocumentListRow>(
    deps.db,
    sql`
    with items as (
      select 'share' as source, d.id, s.id as share_id, null::text as attachment_id, d.name,
        v.size, v.content_type, mt.title as matter_title, s.conversation_id,
        date_trunc('milliseconds', d.updated_at) as updated_at,
        's:' || s.id || ':' || d.id as key
      from shares s
      join messages m on m.id = s.message_id
      join matters mt on mt.id = s.matter_id
      left join folders sf on sf.id = s.folder_id
      join documents d on d.matter_id = s.matter_id and d.deleted_at is null
      join folders df on df.id = d.folder_id and df.deleted_at is null
      join document_versions v on v.id = d.current_version_id
      where s.revoked_at is null and ${mfa}
        and (s.document_id = d.id or (s.kind = 'folder' and sf.deleted_at is null and df.path like sf.path || '%'))
        and ${conversationVisibleToPortal(portalUserId, sql`s.conversation_id`)}
      union all
      select 'attachment', a.document_id, null, a.id, a.name, a.size, a.content_type,
        mt.title, m.conversation_id,
        date_trunc('milliseconds', m.created_at), 'a:' || a.id
      from attachments a
      join messages m on m.id = a.message_id
      join conversations c on c.id = m.conversation_id
      join matters mt on mt.id = c.matter_id
      where ${mfa} and ${conversationVisibleToPortal(portalUserId, sql`m.conversation_id`)}
    )
    select * from items ${after}
    order by updated_at desc, key desc
    limit ${options.limit}`,
  );
}

/** `GET /portal/documents` (API.md "Portal additions"). */
export async function listPortalDocuments(
  deps: Deps,
  actor: PortalActor,
  query: { limit: number; cursor?: string | undefined },
) {
  const rows = await portalDocumentRows(deps, actor.id, {
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
