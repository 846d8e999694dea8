import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { useTotpCode } from '../identity/totp';
import { invalidCode } from '../identity/totp-enrolment';
import {
  findPortalUser,
  firmIdsOfPortalUser,
  hashCode,
  liveCodeForSession,
  recordCodeAttempt,
  setSessionSteppedUp,
} from './portal.repository';
import { auditInFirms } from './portal-audit';
import { CODE_MAX_TRIES, STEP_UP_FAILURES_PER_HOUR, STEP_UP_VALID_MS, stepUpFailureKey } from './step-up';

/** Checks the session's live emailed/texted code; a wrong try counts, the 5th kills the code. */
async function useChallengeCode(tx: Queryable, sessionId: string, code: string): Promise<string | null> {
  const live = await liveCodeForSession(tx, sessionId);
  if (!live) return null;
  const ok = timingSafeEqual(Buffer.from(hashCode(live.id, code)), Buffer.from(live.tokenHash));
  const attempts = live.attempts + (ok ? 0 : 1);
  await recordCodeAttempt(tx, live.id, attempts, ok || attempts >= CODE_MAX_TRIES);
  return ok ? (live.channel ?? 'email') : null;
}

/** Marks the session as stepped up for 15 minutes and audits it, in the caller's transaction. */
export async function markSteppedUp(tx: Queryable, actor: PortalActor, method: string, meta: RequestMeta) {
  const verifiedUntil = new Date(Date.now() + STEP_UP_VALID_MS);
  await setSessionSteppedUp(tx, actor.sessionId, verifiedUntil);
  await auditInFirms(tx, await firmIdsOfPortalUser(tx, actor.id), {
    actor,
    action: 'portal.step_up',
    targetType: 'session',
    targetId: actor.sessionId,
    meta,
    data: { method },
  });
  return verifiedUntil;
}

/**
 * `POST /portal/mfa/verify`: with TOTP enrolled the code may be a TOTP code (a used step is never
 * accepted again); otherwise (or as well) the session's live challenge code. At most 100 failures
 * per account per hour, over all its sessions: each try takes its slot before any code is checked,
 * and only a right one gives it back.
 */
export async function verifyStepUp(deps: Deps, actor: PortalActor, code: string, meta: RequestMeta) {
  const { db } = deps;
  const failKey = stepUpFailureKey(actor.id);
  const attempt = await reserveAttempt(db, failKey, STEP_UP_FAILURES_PER_HOUR, 3_600_000);
  const user = (await findPortalUser(db, actor.id))!;
  const verifiedUntil = await db.transaction(async (tx) => {
    const method =
      user.totpEnabled && (await useTotpCode(tx, 'portal_users', user, code, deps.secrets))
        ? 'totp'
        : await useChallengeCode(tx, actor.sessionId, code);
    return method ? markSteppedUp(tx, actor, method, meta) : null;
  });
  if (!verifiedUntil) throw invalidCode();
  await attempt.release();
  return { verifiedUntil: verifiedUntil.toISOString() };
}
