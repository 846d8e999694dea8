import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, textArray } from '../../platform/db/database';
import { partyWaysIn } from '../access/portal-access';

/** All SQL of the notifications module (STYLE.md). */

export interface PartyRecipient {
  participantId: string;
  partyId: string;
  email: string | null;
  /** The party's portal user has signed in at least once. */
  signedIn: boolean;
  /** An invitation was already made for this party (used or not). */
  invited: boolean;
}

/**
 * The parties of a conversation (its live ways in, `partyWaysIn`: the one rule of who may see it), with
 * what decides between an invitation and a new-message email. No lock of its own: before inviting,
 * the caller takes `lockInvitations` and reads again, so a concurrent first message (another
 * conversation of the same party) sees the first one's invitation.
 */
export async function partyRecipients(tx: Queryable, conversationId: string): Promise<PartyRecipient[]> {
  const rows = await queryRows<{
    participant_id: string;
    party_id: string;
    email: string | null;
    signed_in: boolean;
    invited: boolean;
  }>(
    tx,
    sql`select pt.id as participant_id, pa.id as party_id, ct.email,
          exists (select 1 from portal_users u
                  where u.last_sign_in_at is not null and (u.id = ct.portal_user_id or u.email = lower(ct.email))) as signed_in,
          exists (select 1 from tokens t where t.kind = 'portal_invite' and t.party_id = pa.id) as invited
        from ${partyWaysIn}
        where pt.conversation_id = ${conversationId}
        order by pa.id`,
  );
  return rows.map((r) => ({
    participantId: r.participant_id,
    partyId: r.party_id,
    email: r.email,
    signedIn: Boolean(r.signed_in),
    invited: Boolean(r.invited),
  }));
}

/**
 * Transaction-scoped advisory locks on inviting these parties, taken in id order (no deadlock
 * between posts). Only invitations take them: no ordering risk against row locks.
 */
export async function lockInvitations(tx: Queryable, partyIds: string[]): Promise<void> {
  const sorted = [...new Set(partyIds)].sort();
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('parley.invite:' || id, 0))
        from unnest(${textArray(sorted)}::text[]) as id`,
  );
}

export interface NoticeTarget {
  conversationId: string;
  firmId: string;
  lastReadSeq: number;
  notifiedSeq: number;
  lastSeq: number;
  name: string;
  email: string | null;
  matterTitle: string;
  /** Their portal user's chosen language, null until chosen. */
  locale: string | null;
}

/**
 * A party participant due a new-message email, locked for the job's transaction: only while it is
 * still a way in (`partyWaysIn`: in the external conversation, its party still on the matter).
 */
export async function lockNoticeTarget(
  tx: Queryable,
  participantId: string,
): Promise<NoticeTarget | undefined> {
  const [row] = await queryRows<{
    conversation_id: string;
    firm_id: string;
    last_read_seq: number;
    notified_seq: number;
    last_seq: number;
    name: string;
    email: string | null;
    matter_title: string;
    locale: string | null;
  }>(
    tx,
    sql`select pt.conversation_id, pt.firm_id, pt.last_read_seq, pt.notified_seq, cv.last_seq,
          ct.name, ct.email, m.title as matter_title, pu.locale
        from ${partyWaysIn}
        join matters m on m.id = cv.matter_id
        left join portal_users pu on pu.id = ct.portal_user_id
        where pt.id = ${participantId}
        for update of pt`,
  );
  if (!row) return undefined;
  return {
    conversationId: row.conversation_id,
    firmId: row.firm_id,
    lastReadSeq: Number(row.last_read_seq),
    notifiedSeq: Number(row.notified_seq),
    lastSeq: Number(row.last_seq),
    name: row.name,
    email: row.email,
    matterTitle: row.matter_title,
    locale: row.locale,
  };
}

export async function markNotified(tx: Queryable, participantId: string, seq: number): Promise<void> {
  await tx.execute(
    sql`update participants set notified_seq = greatest(notified_seq, ${seq}) where id = ${participantId}`,
  );
}
