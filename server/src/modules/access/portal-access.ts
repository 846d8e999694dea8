import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, textArray } from '../../platform/db/database';

/**
 * Who a portal user may see (DESIGN.md rules 1-3), written once for every portal query. A portal
 * user reaches a conversation only through a WAY IN: one of their contacts (any firm, linked by
 * `contacts.portal_user_id`) that is a party still on the matter (`parties.removed_at` null) AND an
 * active participant (`participants.removed_at` null) of that `external` conversation. Removing the
 * party from the conversation or from the matter ends access with the next query; internal
 * conversations, channels and DMs never match. Everything else a portal user sees (messages,
 * shares, attachments, shared documents) is reached through such a conversation.
 *
 * Set-based, like `matter-access.ts`: a derived table of the user's ways in, a SQL predicate on any
 * conversation-id column, and "which of these portal users may see this conversation" in one query.
 */

/** The ways in, as one SELECT (aliases: pt participants, cv conversations, pa parties, ct contacts). */
const waysIn = (columns: SQL, where: SQL) => sql`select ${columns}
  from participants pt
  join conversations cv on cv.id = pt.conversation_id and cv.kind = 'external'
  join parties pa on pa.id = pt.party_id and pa.removed_at is null
  join contacts ct on ct.id = pa.contact_id
  where pt.removed_at is null and ${where}`;

/**
 * The portal user's ways in, as a derived table to select from: one row per live party participant,
 * with columns `id` (the participant), `conversation_id`, `party_id`, `last_read_seq`.
 */
export function portalParticipations(portalUserId: string): SQL {
  return waysIn(
    sql`pt.id, pt.conversation_id, pt.party_id, pt.last_read_seq`,
    sql`ct.portal_user_id = ${portalUserId}`,
  );
}

/** Predicate: the portal user may see the conversation whose id is the SQL `conversationId`. */
export function conversationVisibleToPortal(portalUserId: string, conversationId: SQL): SQL {
  return sql`exists (${waysIn(
    sql`1`,
    sql`pt.conversation_id = ${conversationId} and ct.portal_user_id = ${portalUserId}`,
  )})`;
}

/** Which of these portal users may see the conversation now? One query whatever the count. */
export async function portalUsersWhoMaySee(
  db: Queryable,
  conversationId: string,
  portalUserIds: readonly string[],
): Promise<Set<string>> {
  if (portalUserIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    waysIn(
      sql`distinct ct.portal_user_id as id`,
      sql`pt.conversation_id = ${conversationId} and ct.portal_user_id = any(${textArray([...portalUserIds])}::text[])`,
    ),
  );
  return new Set(rows.map((r) => r.id));
}
