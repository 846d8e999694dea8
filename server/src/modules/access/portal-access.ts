import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, textArray } from '../../platform/db/database';

/**
 * Which conversation a party, and so a portal user, may see (DESIGN.md rules 1-3), written once for
 * every query that reaches a conversation from the party side: the portal, quick-reply links,
 * inbound SMS, a party's post, the parties an email or an SMS goes to, who loses access with a share.
 *
 * A party reaches a conversation only through a WAY IN: an active participant row of the party
 * (`participants.removed_at` null) in an `external` conversation, while the party is still on the
 * matter (`parties.removed_at` null). Removing the party from the conversation or from the matter
 * ends access with the next query; internal conversations, channels and DMs never match. A portal
 * user reaches what the parties of their contacts reach (any firm, linked by
 * `contacts.portal_user_id`). Everything else a portal user sees (messages, shares, attachments,
 * shared documents) is reached through such a conversation.
 *
 * Set-based, like `matter-access.ts`: the ways in as FROM items to join, SQL predicates on any
 * conversation-id column, and "which of these portal users may see this conversation" in one query.
 */

/**
 * The ways in as one parenthesized join with every condition of the rule in its ON clauses, so a
 * caller adds its own joins and WHERE around it and cannot leave part of the rule out.
 */
const waysInAs = (pt: string, cv: string, pa: string, ct: string) =>
  sql.raw(`(participants ${pt}
    join conversations ${cv} on ${cv}.id = ${pt}.conversation_id and ${cv}.kind = 'external'
      and ${pt}.removed_at is null
    join parties ${pa} on ${pa}.id = ${pt}.party_id and ${pa}.removed_at is null
    join contacts ${ct} on ${ct}.id = ${pa}.contact_id)`);

/**
 * Every live way in, to select from or join: one row per party participant, aliases `pt`
 * (participants), `cv` (conversations), `pa` (parties), `ct` (the party's contact). For example
 * `select pt.id from ${partyWaysIn} where pt.conversation_id = $1` are the parties an email may go to.
 */
export const partyWaysIn: SQL = waysInAs('pt', 'cv', 'pa', 'ct');

/** The same for the predicates below, under aliases an operand from the outer query cannot mean. */
const waysInWithin = waysInAs('way_pt', 'way_cv', 'way_pa', 'way_ct');

/** Predicate: the party (SQL operand) may see the conversation whose id is the SQL `conversationId`. */
export function conversationVisibleToParty(partyId: SQL | string, conversationId: SQL): SQL {
  return sql`exists (select 1 from ${waysInWithin}
    where way_pt.conversation_id = ${conversationId} and way_pt.party_id = ${partyId})`;
}

/**
 * The portal user's ways in, as a derived table to select from: one row per live party participant,
 * with columns `id` (the participant), `conversation_id`, `party_id`, `last_read_seq`.
 */
export function portalParticipations(portalUserId: string): SQL {
  return sql`select pt.id, pt.conversation_id, pt.party_id, pt.last_read_seq
    from ${partyWaysIn} where ct.portal_user_id = ${portalUserId}`;
}

/** Predicate: the portal user may see the conversation whose id is the SQL `conversationId`. */
export function conversationVisibleToPortal(portalUserId: string, conversationId: SQL): SQL {
  return sql`exists (select 1 from ${waysInWithin}
    where way_pt.conversation_id = ${conversationId} and way_ct.portal_user_id = ${portalUserId})`;
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
    sql`select distinct ct.portal_user_id as id from ${partyWaysIn}
      where pt.conversation_id = ${conversationId}
        and ct.portal_user_id = any(${textArray([...portalUserIds])}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
}
