import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { reserveAttempt, resetRateLimit } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import { appendAudit } from '../audit/audit.repository';
import { deviceOf, issueDeviceCookie } from './device-cookie';
import { presentStaffUser } from './identity.presenter';
import { findFirm, findStaffByEmail } from './identity.repository';
import { verifyPassword } from './passwords';
import { createSession, sessionPolicy } from './sessions.repository';
import { useTotpCode } from './totp';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Staff sign-in. Rate limited per IP (every attempt) and per account (failures), in the database so
 * every node shares the counts. Each attempt takes its slot in both BEFORE the password is checked
 * (reserve, then verify), so a burst of concurrent guesses gets at most the limit checked; a wrong
 * password or code keeps its slot, a success clears the count it was made under. The account's own
 * recent browser (a valid device cookie for this account, `device-cookie.ts`) counts under its own
 * key instead, so a flood of wrong passwords from elsewhere cannot lock its owner out. Wrong email
 * and wrong password answer the same. A success also answers a new device cookie.
 */
export async function login(deps: Deps, input: LoginInput, meta: RequestMeta, deviceCookie?: string) {
  const { config, db } = deps;
  const windowMs = config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000;
  const email = input.email.trim().toLowerCase();
  await reserveAttempt(db, `login:ip:${meta.ip ?? 'unknown'}`, config.LOGIN_LIMIT_PER_IP, windowMs);
  const user = await findStaffByEmail(db, email);
  const device = user ? deviceOf(deps.secrets, 'staff', user.id, deviceCookie) : null;
  const accountKey = device ? `login:device:${device}` : `login:account:${email}`;
  await reserveAttempt(db, accountKey, config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);

  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  // A failure keeps the slot it reserved: that is the count.
  const fail = async (reason: 'password' | 'totp') => {
    if (user) {
      await db.transaction((tx) =>
        appendAudit(tx, {
          firmId: user.firmId,
          actor: { type: 'anonymous' },
          action: 'auth.login_failed',
          targetType: 'staff',
          targetId: user.id,
          meta,
          data: { reason },
        }),
      );
    }
  };
  if (!user?.active || !passwordOk) {
    await fail('password');
    throw new AppError('invalid_credentials', 'The email or password is not right.');
  }
  if (user.totpEnabled) {
    // A distinct 401 so the app knows to ask for the code. It keeps its slot like a failure, so it
    // is no cheaper a password oracle than invalid_credentials.
    if (!input.totp) {
      throw new AppError('totp_required', 'Enter the 6-digit code from your authenticator app.');
    }
    if (!(await useTotpCode(db, 'staff', user, input.totp, deps.secrets))) {
      await fail('totp');
      throw new AppError('invalid_credentials', 'The authenticator code is not right, or was already used.');
    }
  }
  const firm = (await findFirm(db, user.firmId))!;

  const session = await db.transaction(async (tx) => {
    const created = await createSession(
      tx,
      sessionPolicy(config),
      { type: 'staff', staffId: user.id, firmId: user.firmId },
      meta,
    );
    await appendAudit(tx, {
      firmId: user.firmId,
      actor: { type: 'staff', id: user.id },
      action: 'auth.login',
      targetType: 'session',
      targetId: created.sessionId,
      meta,
    });
    return created;
  });
  await resetRateLimit(db, accountKey);
  return {
    token: session.token,
    expiresAt: session.absoluteExpiresAt,
    deviceCookie: issueDeviceCookie(deps.secrets, 'staff', user.id),
    user: presentStaffUser(user),
    ...(firm.requireStaffTotp && !user.totpEnabled ? { totpSetupRequired: true } : {}),
    ...(user.passwordMustChange ? { passwordChangeRequired: true } : {}),
  };
}
