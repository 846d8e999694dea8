import type { changePasswordRequest, resetPasswordRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { findStaffInFirm } from './identity.repository';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import { changeStaffAccount, findStaffMember } from './staff-account';

/**
 * Passwords after the first one (set by `createStaff`): the owner changes theirs, proving the
 * current one (each try takes a slot of the per-account limit before the check, and only a right
 * one gives it back: failures count as for sign-in); an admin resets a
 * forgotten one for someone else. Either way every session of that person ends, except the one
 * changing its own password.
 */

const failKey = (staffId: string) => `password:fail:staff:${staffId}`;

/** `POST /auth/password` → 204. */
export async function changeOwnPassword(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof changePasswordRequest>,
  meta: RequestMeta,
): Promise<void> {
  const { db, config } = deps;
  const windowMs = config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000;
  const attempt = await reserveAttempt(db, failKey(actor.id), config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);
  const user = await findStaffInFirm(db, actor.firmId, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('wrong_password', 'Your current password is not right.', [
      { field: 'body.currentPassword', message: 'is not right' },
    ]);
  }
  await attempt.release();
  if (input.newPassword === input.currentPassword) {
    throw new AppError('invalid_request', 'Choose a new password, not the current one.', [
      { field: 'body.newPassword', message: 'is the current password' },
    ]);
  }
  await changeStaffAccount(
    deps,
    actor,
    user.id,
    {
      set: { passwordHash: await hashPassword(input.newPassword), passwordMustChange: false },
      endSessions: { except: actor.sessionId },
      action: 'staff.password_change',
    },
    meta,
  );
}

/** `POST /staff/:id/password` (admin, not oneself) → the generated password, shown once. */
export async function resetStaffPassword(
  deps: Deps,
  actor: StaffActor,
  staffId: string,
  input: z.output<typeof resetPasswordRequest>,
  meta: RequestMeta,
): Promise<{ initialPassword?: string }> {
  const target = await findStaffMember(
    deps,
    actor,
    staffId,
    'Change your own password on the Security page (POST /auth/password).',
  );
  const initialPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  await changeStaffAccount(
    deps,
    actor,
    target.id,
    { set: { passwordHash }, endSessions: {}, action: 'staff.password_reset' },
    meta,
  );
  return initialPassword ? { initialPassword } : {};
}
