import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { type Db, type Queryable, textArray } from '../../platform/db/database';
import { firms, portalUsers, sessions, staff } from '../../platform/db/schema';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { Actor } from '../access/actor';

/** Sessions: random 256-bit tokens, stored only as SHA-256 hashes, with idle and absolute expiry. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/** Idle expiry is pushed forward at most this often, so reads don't write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const sessionPolicy = (config: Config): SessionPolicy => ({
  idleMs: config.SESSION_IDLE_MINUTES * 60_000,
  absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
});

export async function createSession(
  tx: Queryable,
  policy: SessionPolicy,
  principal: { type: 'staff'; staffId: string; firmId: string } | { type: 'portal'; portalUserId: string },
  meta: RequestMeta,
): Promise<{ token: string; sessionId: string; absoluteExpiresAt: Date }> {
  const token = newToken();
  const now = Date.now();
  const absoluteExpiresAt = new Date(now + policy.absoluteMs);
  const [row] = await tx
    .insert(sessions)
    .values({
      principalType: principal.type,
      firmId: principal.type === 'staff' ? principal.firmId : null,
      staffId: principal.type === 'staff' ? principal.staffId : null,
      portalUserId: principal.type === 'portal' ? principal.portalUserId : null,
      tokenHash: hashToken(token),
      ip: meta.ip,
      userAgent: meta.userAgent,
      idleExpiresAt: new Date(Math.min(now + policy.idleMs, absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
    })
    .returning({ id: sessions.id });
  return { token, sessionId: row!.id, absoluteExpiresAt };
}

/** The actor behind a token, or null when it is unknown, expired, revoked, or its user inactive. */
export async function authenticateToken(
  db: Db,
  policy: SessionPolicy,
  token: string,
  kind: 'staff' | 'portal',
): Promise<Actor | null> {
  if (token.length > 200) return null;
  const now = new Date();
  const live = and(
    eq(sessions.tokenHash, hashToken(token)),
    eq(sessions.principalType, kind),
    isNull(sessions.revokedAt),
    gt(sessions.idleExpiresAt, now),
    gt(sessions.absoluteExpiresAt, now),
  );
  let actor: Actor | null = null;
  let session: { id: string; lastSeenAt: Date; absoluteExpiresAt: Date } | undefined;
  if (kind === 'staff') {
    const [row] = await db
      .select({ session: sessions, user: staff, requireTotp: firms.requireStaffTotp })
      .from(sessions)
      .innerJoin(staff, eq(staff.id, sessions.staffId))
      .innerJoin(firms, eq(firms.id, staff.firmId))
      .where(and(live, eq(staff.active, true)));
    if (!row) return null;
    session = row.session;
    actor = {
      type: 'staff',
      id: row.user.id,
      firmId: row.user.firmId,
      role: row.user.role,
      name: row.user.name,
      email: row.user.email,
      sessionId: row.session.id,
      totpEnabled: row.user.totpEnabled,
      ...(row.requireTotp && !row.user.totpEnabled ? { totpSetupRequired: true } : {}),
      ...(row.user.passwordMustChange ? { passwordChangeRequired: true } : {}),
    };
  } else {
    const [row] = await db
      .select({ session: sessions, user: portalUsers })
      .from(sessions)
      .innerJoin(portalUsers, eq(portalUsers.id, sessions.portalUserId))
      .where(live);
    if (!row) return null;
    session = row.session;
    actor = {
      type: 'portal',
      id: row.user.id,
      name: row.user.name,
      email: row.user.email,
      sessionId: row.session.id,
      mfaVerifiedUntil: row.session.mfaVerifiedUntil,
    };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const idle = new Date(Math.min(now.getTime() + policy.idleMs, session.absoluteExpiresAt.getTime()));
    await db
      .update(sessions)
      .set({ lastSeenAt: now, idleExpiresAt: idle })
      .where(eq(sessions.id, session.id));
  }
  return actor;
}

/**
 * The sessions among these that are live now (not revoked, not expired by idle or absolute time,
 * staff still active): when each ends by time, and its step-up. Realtime checks every push by it
 * and closes sockets at `expiresAt`.
 */
export async function liveSessions(
  db: Queryable,
  sessionIds: string[],
): Promise<Map<string, { expiresAt: Date; mfaVerifiedUntil: Date | null }>> {
  if (sessionIds.length === 0) return new Map();
  const now = new Date();
  const rows = await db
    .select({
      id: sessions.id,
      idle: sessions.idleExpiresAt,
      absolute: sessions.absoluteExpiresAt,
      mfaVerifiedUntil: sessions.mfaVerifiedUntil,
    })
    .from(sessions)
    .leftJoin(staff, eq(staff.id, sessions.staffId))
    .where(
      and(
        sql`${sessions.id} = any(${textArray([...new Set(sessionIds)])}::text[])`,
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
        sql`(${sessions.staffId} is null or ${staff.active})`,
      ),
    );
  return new Map(
    rows.map((r) => [
      r.id,
      { expiresAt: r.idle < r.absolute ? r.idle : r.absolute, mfaVerifiedUntil: r.mfaVerifiedUntil },
    ]),
  );
}

/** `liveSessions`, only when each ends by time (what closes sockets at idle or absolute expiry). */
export async function sessionDeadlines(db: Queryable, sessionIds: string[]): Promise<Map<string, Date>> {
  const live = await liveSessions(db, sessionIds);
  return new Map([...live].map(([id, s]) => [id, s.expiresAt]));
}

export async function revokeSession(tx: Queryable, sessionId: string): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Whose sessions: a staff member's or a portal user's. */
export type SessionOwner = { staffId: string } | { portalUserId: string };

const ownedBy = (owner: SessionOwner) =>
  'staffId' in owner ? eq(sessions.staffId, owner.staffId) : eq(sessions.portalUserId, owner.portalUserId);

/** The owner's live sessions (not ended, not expired), the most recently seen first. */
export async function listLiveSessions(db: Queryable, owner: SessionOwner) {
  const now = new Date();
  return db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(
      and(
        ownedBy(owner),
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} desc`, sessions.id);
}

/**
 * Ends the owner's live sessions: all of them, only `only`, or all but `except` (the caller's own).
 * Returns the ended ids (none when `only` is not theirs or already over).
 */
export async function revokeSessionsOf(
  tx: Queryable,
  owner: SessionOwner,
  which: { only?: string; except?: string } = {},
): Promise<string[]> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        ownedBy(owner),
        isNull(sessions.revokedAt),
        which.only ? and(eq(sessions.id, which.only), gt(sessions.absoluteExpiresAt, sql`now()`)) : undefined,
        which.except ? sql`${sessions.id} <> ${which.except}` : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/** Ends every session of a staff member (deactivation, a password change: all but `except`). Returns the ended ids. */
export const revokeStaffSessions = (tx: Queryable, staffId: string, except?: string): Promise<string[]> =>
  revokeSessionsOf(tx, { staffId }, except ? { except } : {});
