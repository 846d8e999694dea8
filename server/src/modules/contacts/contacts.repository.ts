import { and, asc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { contacts, conversationNotices, parties, portalUsers, tokens } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { contactVisibleTo } from '../access/contact-access';
import { partyWaysIn } from '../access/portal-access';

export type { ContactRow } from '../access/contact-access';

export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The contacts the actor may see (`contactVisibleTo`), by name, email or mobile. */
export async function searchContacts(
  db: Queryable,
  actor: StaffActor,
  q: string | undefined,
  limit: number,
  after?: { name: string; id: string },
) {
  const pattern = q?.trim() ? `%${escapeLike(q.trim())}%` : undefined;
  return db
    .select()
    .from(contacts)
    .where(
      and(
        contactVisibleTo(actor),
        pattern
          ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.mobile, pattern))
          : undefined,
        after
          ? or(gt(contacts.name, after.name), and(eq(contacts.name, after.name), gt(contacts.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(limit + 1);
}

export type ContactChanges = Partial<Pick<typeof contacts.$inferInsert, 'name' | 'email' | 'mobile'>>;

export async function insertContact(
  tx: Queryable,
  values: { firmId: string; name: string; email: string | null; mobile: string | null },
) {
  const [created] = await tx.insert(contacts).values(values).returning();
  return created!;
}

export async function updateContactRow(tx: Queryable, contactId: string, changes: ContactChanges) {
  const [updated] = await tx
    .update(contacts)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(contacts.id, contactId))
    .returning();
  return updated!;
}

/** Link the contact to the portal user of this email (unlinked when there is none yet). */
export async function relinkContactByEmail(tx: Queryable, contactId: string, email: string | null) {
  const [owner] = email
    ? await tx
        .select({ id: portalUsers.id })
        .from(portalUsers)
        .where(eq(portalUsers.email, email.trim().toLowerCase()))
    : [];
  await tx
    .update(contacts)
    .set({ portalUserId: owner?.id ?? null })
    .where(eq(contacts.id, contactId));
}

/**
 * End the contact's live links (`expires_at = now()`): its quick-reply links, and with `email` its
 * unused invitations and its portal user's sign-in links too. How many ended.
 */
export async function expireContactLinks(
  tx: Queryable,
  contact: { id: string; portalUserId: string | null },
  email: boolean,
): Promise<number> {
  const partiesOfContact = sql`(select ${parties.id} from ${parties} where ${parties.contactId} = ${contact.id})`;
  const dead: SQL[] = [sql`(${tokens.kind} = 'quick_reply' and ${tokens.partyId} in ${partiesOfContact})`];
  if (email) {
    dead.push(sql`(${tokens.kind} = 'portal_invite' and ${tokens.partyId} in ${partiesOfContact})`);
    if (contact.portalUserId)
      dead.push(
        sql`(${tokens.kind} = 'portal_sign_in' and ${tokens.portalUserId} = ${contact.portalUserId})`,
      );
  }
  const links = await tx
    .update(tokens)
    .set({ expiresAt: sql`now()` })
    .where(and(sql`${tokens.expiresAt} > now()`, isNull(tokens.usedAt), sql`(${sql.join(dead, sql` or `)})`))
    .returning({ id: tokens.id });
  return links.length;
}

/** The conversations this contact takes part in through a party (the access rule's ways in). */
export function conversationsOfContact(tx: Queryable, contactId: string) {
  return queryRows<{ conversationId: string; firmId: string }>(
    tx,
    sql`select distinct pt.conversation_id as "conversationId", pt.firm_id as "firmId"
      from ${partyWaysIn} where ct.id = ${contactId}`,
  );
}

export async function insertNotices(tx: Queryable, rows: (typeof conversationNotices.$inferInsert)[]) {
  await tx.insert(conversationNotices).values(rows);
}
