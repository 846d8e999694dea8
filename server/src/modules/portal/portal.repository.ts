import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { contacts, matters, parties, portalUsers, sessions, tokens } from '../../platform/db/schema';
import { hashToken } from '../identity/sessions.repository';

export type PortalUserRow = typeof portalUsers.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findPortalUser(db: Queryable, id: string): Promise<PortalUserRow | undefined> {
  const [row] = await db.select().from(portalUsers).where(eq(portalUsers.id, id));
  return row;
}

/** Changes a portal user's own settings (their language, their name); answers the row as it is now. */
export async function updatePortalUser(
  db: Queryable,
  id: string,
  change: Partial<Pick<PortalUserRow, 'locale' | 'name'>>,
): Promise<PortalUserRow> {
  const [row] = await db.update(portalUsers).set(change).where(eq(portalUsers.id, id)).returning();
  return row!;
}

export async function findPortalUserByEmail(
  db: Queryable,
  email: string,
): Promise<PortalUserRow | undefined> {
  const [row] = await db
    .select()
    .from(portalUsers)
    .where(eq(portalUsers.email, normalizeEmail(email)));
  return row;
}

/** The name of a contact (any firm) with this email, if there is one. */
export async function contactNameByEmail(db: Queryable, email: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: contacts.name })
    .from(contacts)
    .where(eq(contacts.email, normalizeEmail(email)))
    .orderBy(desc(contacts.updatedAt))
    .limit(1);
  return row?.name;
}

/**
 * The ONE portal user of an email (created on first need, named after the contact), with every
 * contact of that email, in any firm, linked to it. Safe against a concurrent creator.
 */
export async function ensurePortalUser(tx: Queryable, email: string, name: string): Promise<PortalUserRow> {
  const normalized = normalizeEmail(email);
  await tx.insert(portalUsers).values({ email: normalized, name }).onConflictDoNothing();
  const user = (await findPortalUserByEmail(tx, normalized))!;
  await tx
    .update(contacts)
    .set({ portalUserId: user.id })
    .where(and(eq(contacts.email, normalized), isNull(contacts.portalUserId)));
  return user;
}

/** The firms where this portal user is a contact: where their portal events are audited. */
export async function firmIdsOfPortalUser(db: Queryable, portalUserId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ firmId: contacts.firmId })
    .from(contacts)
    .where(eq(contacts.portalUserId, portalUserId))
    .orderBy(asc(contacts.firmId));
  return rows.map((r) => r.firmId);
}

/** A mobile number of one of the user's contacts that has not opted out of SMS (latest edited first). */
export async function mobileOfPortalUser(db: Queryable, portalUserId: string): Promise<string | null> {
  const [row] = await db
    .select({ mobile: contacts.mobile })
    .from(contacts)
    .where(
      and(
        eq(contacts.portalUserId, portalUserId),
        isNotNull(contacts.mobile),
        isNull(contacts.smsOptedOutAt),
      ),
    )
    .orderBy(desc(contacts.updatedAt))
    .limit(1);
  return row?.mobile ?? null;
}

/** Marks a sign-in or invitation token used, if it is live. Returns it, or undefined (unknown, used, expired). */
export async function consumeSignInToken(tx: Queryable, token: string): Promise<TokenRow | undefined> {
  if (token.length > 200) return undefined;
  const now = new Date();
  const [row] = await tx
    .update(tokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(tokens.tokenHash, hashToken(token)),
        inArray(tokens.kind, ['portal_sign_in', 'portal_invite']),
        isNull(tokens.usedAt),
        gt(tokens.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** A step-up code is 6 digits: its hash is salted with the token row's id (unique, and not guessable from the code alone). */
export const hashCode = (tokenId: string, code: string) =>
  createHash('sha256').update(`${tokenId}:${code}`).digest('hex');

/** The live step-up code of a session, locked for the verifying transaction. */
export async function liveCodeForSession(tx: Queryable, sessionId: string): Promise<TokenRow | undefined> {
  const [row] = await tx
    .select()
    .from(tokens)
    .where(
      and(
        eq(tokens.kind, 'mfa_code'),
        eq(tokens.sessionId, sessionId),
        isNull(tokens.usedAt),
        gt(tokens.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(tokens.createdAt))
    .limit(1)
    .for('update');
  return row;
}

export async function endLiveCodes(tx: Queryable, sessionId: string): Promise<void> {
  await tx
    .update(tokens)
    .set({ usedAt: new Date() })
    .where(and(eq(tokens.kind, 'mfa_code'), eq(tokens.sessionId, sessionId), isNull(tokens.usedAt)));
}

/** A new single-use link or code (only its hash is stored): the token row's id. */
export async function insertToken(tx: Queryable, values: typeof tokens.$inferInsert): Promise<string> {
  const [row] = await tx.insert(tokens).values(values).returning({ id: tokens.id });
  return row!.id;
}

/** A try at a step-up code: its new attempt count, and `used` when it is spent (right, or out of tries). */
export async function recordCodeAttempt(tx: Queryable, tokenId: string, attempts: number, used: boolean) {
  await tx
    .update(tokens)
    .set({ attempts, ...(used ? { usedAt: new Date() } : {}) })
    .where(eq(tokens.id, tokenId));
}

export async function setSessionSteppedUp(tx: Queryable, sessionId: string, until: Date): Promise<void> {
  await tx.update(sessions).set({ mfaVerifiedUntil: until }).where(eq(sessions.id, sessionId));
}

export async function markSignedIn(tx: Queryable, portalUserId: string): Promise<void> {
  await tx.update(portalUsers).set({ lastSignInAt: new Date() }).where(eq(portalUsers.id, portalUserId));
}

/** A party still on a matter of this firm, with its contact and the matter's title (to invite it). */
export async function partyToInvite(tx: Queryable, firmId: string, partyId: string) {
  const [row] = await tx
    .select({ party: parties, contact: contacts, matterTitle: matters.title })
    .from(parties)
    .innerJoin(contacts, eq(contacts.id, parties.contactId))
    .innerJoin(matters, eq(matters.id, parties.matterId))
    .where(and(eq(parties.id, partyId), eq(parties.firmId, firmId), isNull(parties.removedAt)));
  return row;
}

export async function linkContactToPortalUser(tx: Queryable, contactId: string, portalUserId: string) {
  await tx.update(contacts).set({ portalUserId }).where(eq(contacts.id, contactId));
}
