import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { confirmTotpEnrolment, invalidCode, startTotpEnrolment } from '../identity/totp-enrolment';
import { findPortalUser, firmIdsOfPortalUser } from './portal.repository';
import { auditInFirms } from './portal-audit';
import { STEP_UP_FAILURES_PER_HOUR, stepUpFailureKey } from './step-up';
import { markSteppedUp } from './verify-step-up';

/** `POST /portal/mfa/totp/setup`: a new secret for an authenticator app (active after confirm). */
export async function setupPortalTotp(deps: Deps, actor: PortalActor, meta: RequestMeta) {
  const user = (await findPortalUser(deps.db, actor.id))!;
  return deps.db.transaction(async (tx) => {
    const result = await startTotpEnrolment(
      tx,
      deps.secrets,
      'portal_users',
      user,
      user.email,
      'Parley client portal',
    );
    await auditInFirms(tx, await firmIdsOfPortalUser(tx, actor.id), {
      actor,
      action: 'portal.totp_setup',
      targetType: 'portal_user',
      targetId: actor.id,
      meta,
    });
    return result;
  });
}

/**
 * `POST /portal/mfa/totp/confirm`: turns TOTP on; proving the code also counts as a step-up. A try
 * takes a slot of the step-up failure limit before the code is checked; a right code gives it back.
 */
export async function confirmPortalTotp(deps: Deps, actor: PortalActor, code: string, meta: RequestMeta) {
  const { db } = deps;
  const failKey = stepUpFailureKey(actor.id);
  const user = (await findPortalUser(db, actor.id))!;
  if (!user.totpSecret && !user.totpEnabled)
    throw new AppError('invalid_code', 'Set up the authenticator app first (POST /portal/mfa/totp/setup).');
  const attempt = await reserveAttempt(db, failKey, STEP_UP_FAILURES_PER_HOUR, 3_600_000);
  const ok = await db.transaction(async (tx) => {
    if (!(await confirmTotpEnrolment(tx, deps.secrets, 'portal_users', user, code))) return false;
    await markSteppedUp(tx, actor, 'totp_enrolment', meta);
    return true;
  });
  if (!ok) throw invalidCode();
  await attempt.release();
  return { totpEnabled: true as const };
}
