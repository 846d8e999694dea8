import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { partyWaysIn, portalParticipations } from '../access/portal-access';

/**
 * SQL of the portal's conversations. Which conversations are the user's is THE portal rule
 * (`portalParticipations`, modules/access/portal-access.ts): every query here selects from it.
 */

export interface PortalParticipation {
  participantId: string;
  partyId: string;
  conversationId: string;
  firmId: string;
  matterId: string;
  rootFolderId: string;
  lastReadSeq: number;
}

/** The user's participation in this conversation, or undefined (missing, not theirs, or left). */
export async function findPortalParticipation(
  db: Queryable,
  portalUserId: string,
  conversationId: string,
): Promise<PortalParticipation | undefined> {
  const [row] = await queryRows<{
    id: string;
    party_id: string;
    conversation_id: string;
    firm_id: string;
    matter_id: string;
    root_folder_id: string;
    last_read_seq: number;
  }>(
    db,
    sql`select mine.id, mine.party_id, mine.conversation_id, conv.firm_id, conv.matter_id,
          m.root_folder_id, mine.last_read_seq
        from (${portalParticipations(portalUserId)}) mine
        join conversations conv on conv.id = mine.conversation_id
        join matters m on m.id = conv.matter_id
        where mine.conversation_id = ${conversationId}
        order by mine.id limit 1`,
  );
  if (!row) return undefined;
  return {
    participantId: row.id,
    partyId: row.party_id,
    conversationId: row.conversation_id,
    firmId: row.firm_id,
    matterId: row.matter_id,
    rootFolderId: row.root_folder_id,
    lastReadSeq: Number(row.last_read_seq),
  };
}

export interface PortalConversationRow {
  id: string;
  title: string | null;
  last_seq: number;
  updated_at: Date | string;
  last_read_seq: number;
  matter_title: string;
  firm_id: string;
  firm_name: string;
  lm_id: string | null;
  lm_seq: number | null;
  lm_body: string | null;
  lm_require_mfa: boolean | null;
  lm_author_type: 'staff' | 'party' | 'system' | null;
  lm_author_id: string | null;
  lm_author_name: string | null;
  lm_created_at: Date | string | null;
  people: { type: 'staff' | 'party'; name: string }[] | string;
}

/**
 * Who else is in `conv` (an alias of the outer query), as a JSON array of `{type, name}`: active
 * staff participants, then the parties that have a live way in (the same rule as the portal's own),
 * without the portal user's own parties.
 */
const peopleOf = (portalUserId: string): SQL => sql`
  select coalesce(json_agg(json_build_object('type', who.type, 'name', who.name)
    order by who.type desc, who.name), '[]'::json)
  from (
    select 'staff' as type, ps.name from participants sp
    join staff ps on ps.id = sp.staff_id
    where sp.conversation_id = conv.id and sp.type = 'staff' and sp.removed_at is null
    union all
    select 'party' as type, ct.name from ${partyWaysIn}
    where pt.conversation_id = conv.id and ct.portal_user_id is distinct from ${portalUserId}
  ) who`;

/**
 * The portal home: the user's external conversations across firms, newest activity first, each
 * with the user's read position (unread = last_seq - last_read_seq) and its last message.
 */
export async function listPortalConversationRows(
  db: Queryable,
  portalUserId: string,
  page: { limit: number; after?: { at: string; id: string } },
): Promise<PortalConversationRow[]> {
  const after: SQL = page.after
    ? sql`and (conv.updated_at, conv.id) < (${page.after.at}::timestamptz, ${page.after.id})`
    : sql``;
  return queryRows<PortalConversationRow>(
    db,
    sql`
    with mine as (
      select conversation_id, max(last_read_seq) as last_read_seq
      from (${portalParticipations(portalUserId)}) p group by conversation_id
    ), page as materialized (
      select conv.id, mine.last_read_seq from conversations conv
      join mine on mine.conversation_id = conv.id
      where true ${after}
      order by conv.updated_at desc, conv.id desc
      limit ${page.limit}
    )
    select conv.id, conv.title, conv.last_seq, conv.updated_at, page.last_read_seq,
      m.title as matter_title, f.id as firm_id, f.name as firm_name,
      msg.id as lm_id, msg.seq as lm_seq, left(msg.body, 200) as lm_body, msg.require_mfa as lm_require_mfa,
      msg.author_type as lm_author_type, msg.author_id as lm_author_id,
      coalesce(s.name, ac.name, 'Parley') as lm_author_name, msg.created_at as lm_created_at,
      (${peopleOf(portalUserId)}) as people
    from page
    join conversations conv on conv.id = page.id
    join matters m on m.id = conv.matter_id
    join firms f on f.id = conv.firm_id
    left join messages msg on msg.conversation_id = conv.id and msg.seq = conv.last_seq
    left join staff s on msg.author_type = 'staff' and s.id = msg.author_id
    left join parties ap on msg.author_type = 'party' and ap.id = msg.author_id
    left join contacts ac on ac.id = ap.contact_id
    order by conv.updated_at desc, conv.id desc`,
  );
}
