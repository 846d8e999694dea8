import type { Deps } from '../../deps';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { findFirm, findStaffInFirm } from './identity.repository';
import { confirmTotpEnrolment, invalidCode, startTotpEnrolment } from './totp-enrolment';

const failKey = (staffId: string) => `totp:fail:staff:${staffId}`;

/** `POST /auth/totp/setup`: a new authenticator secret for the caller (active after confirm). */
export async function setupStaffTotp(deps: Deps, actor: StaffActor, meta: RequestMeta) {
  const user = (await findStaffInFirm(deps.db, actor.firmId, actor.id))!;
  const firm = (await findFirm(deps.db, actor.firmId))!;
  return deps.db.transaction(async (tx) => {
    const result = await startTotpEnrolment(
      tx,
      deps.secrets,
      'staff',
      user,
      user.email,
      `Parley (${firm.name})`,
    );
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'staff.totp_setup',
      targetType: 'staff',
      targetId: actor.id,
      meta,
    });
    return result;
  });
}

/**
 * `POST /auth/totp/confirm`: turns TOTP on; from then on sign-in needs a code. Each try takes a slot
 * of the per-account limit before the code is checked; a right code gives it back.
 */
export async function confirmStaffTotp(deps: Deps, actor: StaffActor, code: string, meta: RequestMeta) {
  const { db, config } = deps;
  const windowMs = config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000;
  const attempt = await reserveAttempt(db, failKey(actor.id), config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);
  const user = (await findStaffInFirm(db, actor.firmId, actor.id))!;
  const ok = await db.transaction(async (tx) => {
    if (!(await confirmTotpEnrolment(tx, deps.secrets, 'staff', user, code))) return false;
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'staff.totp_enable',
      targetType: 'staff',
      targetId: actor.id,
      meta,
    });
    return true;
  });
  if (!ok) throw invalidCode();
  await attempt.release();
  return { totpEnabled: true as const };
}
