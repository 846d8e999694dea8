import type { changePasswordRequest, resetPasswordRequest } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { staff } from '../../platform/db/schema';
import { AppError, notFound } from '../../platform/http/errors';
import { checkRateLimit, hitRateLimit } from '../../platform/http/rate-limit';
import { appendAudit } from '../audit/audit';
import type { RequestMeta, StaffActor } from './actor';
import { findStaffInFirm } from './identity.repository';
import { generatePassword, hashPassword, verifyPassword } from './passwords';
import { revokeStaffSessions } from './sessions';

/**
 * Passwords after the first one (set by `createStaff`): the owner changes theirs, proving the
 * current one (failures count against the same per-account limit as sign-in); an admin resets a
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
  await checkRateLimit(db, failKey(actor.id), config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);
  const user = await findStaffInFirm(db, actor.firmId, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await hitRateLimit(db, failKey(actor.id), Number.MAX_SAFE_INTEGER, windowMs);
    throw new AppError('wrong_password', 'Your current password is not right.', [
      { field: 'body.currentPassword', message: 'is not right' },
    ]);
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('invalid_request', 'Choose a new password, not the current one.', [
      { field: 'body.newPassword', message: 'is the current password' },
    ]);
  }
  await setPassword(
    deps,
    actor,
    user.id,
    await hashPassword(input.newPassword),
    'staff.password_change',
    meta,
    {
      keepSession: actor.sessionId,
    },
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
  const target = await findStaffInFirm(deps.db, actor.firmId, staffId);
  if (!target) throw notFound('Staff member');
  if (target.id === actor.id) {
    throw new AppError(
      'cannot_change_self',
      'Change your own password on the Security page (POST /auth/password).',
    );
  }
  const initialPassword = input.password ? undefined : generatePassword();
  const hash = await hashPassword(input.password ?? initialPassword!);
  await setPassword(deps, actor, target.id, hash, 'staff.password_reset', meta, {});
  return initialPassword ? { initialPassword } : {};
}

async function setPassword(
  deps: Deps,
  actor: StaffActor,
  staffId: string,
  passwordHash: string,
  action: string,
  meta: RequestMeta,
  options: { keepSession?: string },
) {
  const ended = await deps.db.transaction(async (tx) => {
    await tx.update(staff).set({ passwordHash, updatedAt: new Date() }).where(eq(staff.id, staffId));
    const endedSessions = await revokeStaffSessions(tx, staffId, options.keepSession);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action,
      targetType: 'staff',
      targetId: staffId,
      meta,
      data: { endedSessions: endedSessions.length },
    });
    return endedSessions;
  });
  if (ended.length > 0) deps.events.emit('sessions.ended', { sessionIds: ended, staffId });
}
