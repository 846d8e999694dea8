import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { deliveries, tokens } from '../../platform/db/schema';
import type { SmsStatus } from '../../platform/sms/sms-sender';
import { partyWaysIn } from '../access/portal-access';

export interface SmsRecipient {
  partyId: string;
  contactId: string;
  name: string;
  mobile: string | null;
  optedOutAt: Date | string | null;
  /** The language their portal user chose (null until chosen: the firm's default). */
  locale: string | null;
}

const recipientColumns = sql`pa.id as "partyId", ct.id as "contactId", ct.name, ct.mobile, ct.sms_opted_out_at as "optedOutAt",
  (select pu.locale from portal_users pu where pu.id = ct.portal_user_id) as locale`;

/** The live parties among `partyIds` (a conversation being created with its first message). */
export async function recipientsByPartyIds(q: Queryable, firmId: string, partyIds: string[]) {
  if (partyIds.length === 0) return [];
  return queryRows<SmsRecipient>(
    q,
    sql`select ${recipientColumns} from parties pa join contacts ct on ct.id = pa.contact_id
      where pa.firm_id = ${firmId} and pa.removed_at is null
        and pa.id in (${sql.join(
          partyIds.map((id) => sql`${id}`),
          sql`, `,
        )})
      order by ct.name, pa.id`,
  );
}

/** The parties of a conversation (its live ways in, `partyWaysIn`), with their contact's mobile. */
export async function recipientsOfConversation(q: Queryable, conversationId: string) {
  return queryRows<SmsRecipient>(
    q,
    sql`select ${recipientColumns} from ${partyWaysIn}
      where pt.conversation_id = ${conversationId}
      order by ct.name, pa.id`,
  );
}

export async function firmAndMatter(q: Queryable, firmId: string, matterId: string | null) {
  const [row] = await queryRows<{ firmName: string; matterTitle: string | null; defaultLocale: string }>(
    q,
    sql`select f.name as "firmName", m.title as "matterTitle", f.default_locale as "defaultLocale" from firms f
      left join matters m on m.id = ${matterId} and m.firm_id = f.id
      where f.id = ${firmId}`,
  );
  return row;
}

/** Status order (DESIGN.md rule 5): a status only ever moves to a higher rank. */
export const STATUS_RANK: Record<SmsStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 4,
  failed: 5,
};

const rank = (status: SQL) =>
  sql`(case ${status} ${sql.join(
    Object.entries(STATUS_RANK).map(([s, r]) => sql`when ${s} then ${r}`),
    sql` `,
  )} else -1 end)`;

export interface DeliveryChange {
  id: string;
  messageId: string;
  partyId: string;
  status: SmsStatus;
  conversationId: string;
}

/**
 * Moves a delivery forward: the status changes only to a higher rank, so late, repeated or shuffled
 * callbacks end in the same state (the row lock orders concurrent ones). Also records the provider's
 * id once known. Returns the row when something changed.
 */
export async function advanceDelivery(
  q: Queryable,
  key: { id: string; providerId?: string } | { providerId: string },
  change: { status: SmsStatus; error?: string | null; providerId?: string },
): Promise<DeliveryChange | undefined> {
  const forward = sql`${rank(sql`${change.status}::text`)} > ${rank(sql`d.status`)}`;
  // By id and provider id: that delivery, unless it already went out under another provider id.
  const where =
    'id' in key
      ? key.providerId === undefined
        ? sql`d.id = ${key.id}`
        : sql`d.id = ${key.id} and (d.provider_id is null or d.provider_id = ${key.providerId})`
      : sql`d.provider_id = ${key.providerId}`;
  const providerId = change.providerId ?? null;
  const [row] = await queryRows<DeliveryChange>(
    q,
    sql`update deliveries d set
        status = case when ${forward} then ${change.status} else d.status end,
        error = case when ${forward} then ${change.error ?? null} else d.error end,
        provider_id = coalesce(d.provider_id, ${providerId}),
        updated_at = now()
      where ${where} and (${forward} or (d.provider_id is null and ${providerId}::text is not null))
      returning d.id, d.message_id as "messageId", d.party_id as "partyId", d.status,
        (select m.conversation_id from messages m where m.id = d.message_id) as "conversationId"`,
  );
  return row;
}

export async function findDelivery(q: Queryable, id: string) {
  const [row] = await queryRows<{ id: string; status: SmsStatus; providerId: string | null }>(
    q,
    sql`select id, status, provider_id as "providerId" from deliveries where id = ${id}`,
  );
  return row;
}

/**
 * Where an SMS from this number belongs: the newest conversation that texted it, while that party
 * may still see it (`partyWaysIn`: still on the matter and in the external conversation).
 */
export async function conversationThatTexted(q: Queryable, mobile: string) {
  const [row] = await queryRows<{ partyId: string; conversationId: string; firmId: string }>(
    q,
    sql`select d.party_id as "partyId", m.conversation_id as "conversationId", cv.firm_id as "firmId"
      from deliveries d
      join messages m on m.id = d.message_id
      join ${partyWaysIn} on pt.conversation_id = m.conversation_id and pt.party_id = d.party_id
      where d.channel = 'sms' and ct.mobile = ${mobile}
      order by d.created_at desc, d.id desc
      limit 1`,
  );
  return row;
}

/** Every contact with this mobile, in any firm (one phone, one opt-out). */
export async function contactsWithMobile(q: Queryable, mobile: string) {
  return queryRows<{ id: string; firmId: string; optedOutAt: Date | string | null }>(
    q,
    sql`select id, firm_id as "firmId", sms_opted_out_at as "optedOutAt" from contacts where mobile = ${mobile}`,
  );
}

export async function setSmsOptOut(q: Queryable, contactIds: string[], optedOut: boolean) {
  if (contactIds.length === 0) return;
  await q.execute(
    sql`update contacts set sms_opted_out_at = ${optedOut ? sql`coalesce(sms_opted_out_at, now())` : sql`null`},
      updated_at = now()
      where id in (${sql.join(
        contactIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
  );
}

export async function allFirmIds(q: Queryable): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(q, sql`select id from firms order by id`);
  return rows.map((r) => r.id);
}

export interface QuickReplyTarget {
  tokenId: string;
  firmId: string;
  partyId: string;
  conversationId: string;
  matterId: string | null;
  firmName: string;
  matterTitle: string | null;
  /** The page's language: the language the party's portal user chose, else the firm's default. */
  locale: 'en' | 'es';
}

/**
 * A live quick-reply token: not expired, and its party may still see the conversation
 * (`partyWaysIn`: a link dies when its party leaves). Once dead, it stays dead:
 * the participant row must be the one that was there when the link was made (joined no later than
 * the token), so re-adding the party to the conversation (a new participant row) or to the matter
 * (a new party row) does not bring an old link back; it gets new links with new messages.
 */
export async function findQuickReplyTarget(q: Queryable, tokenHash: string) {
  const [row] = await queryRows<QuickReplyTarget>(
    q,
    sql`select t.id as "tokenId", cv.firm_id as "firmId", t.party_id as "partyId",
        cv.id as "conversationId", cv.matter_id as "matterId", f.name as "firmName", m.title as "matterTitle",
        coalesce(pu.locale, f.default_locale) as locale
      from tokens t
      join ${partyWaysIn} on pt.conversation_id = t.conversation_id and pt.party_id = t.party_id
        and cv.firm_id = t.firm_id and pt.created_at <= t.created_at
      join firms f on f.id = cv.firm_id
      left join matters m on m.id = cv.matter_id
      left join portal_users pu on pu.id = ct.portal_user_id
      where t.token_hash = ${tokenHash} and t.kind = 'quick_reply' and t.expires_at > now()`,
  );
  return row;
}

/**
 * A message's SMS to one party, in the post's transaction: its quick-reply link (only the token's
 * hash is stored) and its delivery row, queued.
 */
export async function insertSmsDelivery(
  tx: Queryable,
  row: {
    deliveryId: string;
    firmId: string;
    partyId: string;
    conversationId: string;
    messageId: string;
    tokenHash: string;
    linkExpiresAt: Date;
  },
): Promise<void> {
  await tx.insert(tokens).values({
    kind: 'quick_reply',
    tokenHash: row.tokenHash,
    firmId: row.firmId,
    partyId: row.partyId,
    conversationId: row.conversationId,
    messageId: row.messageId,
    channel: 'sms',
    expiresAt: row.linkExpiresAt,
  });
  await tx.insert(deliveries).values({
    id: row.deliveryId,
    firmId: row.firmId,
    messageId: row.messageId,
    partyId: row.partyId,
    channel: 'sms',
    status: 'queued',
  });
}
