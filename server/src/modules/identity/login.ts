import type { Deps } from '../../deps';
import { AppError } from '../../platform/http/errors';
import { checkRateLimit, hitRateLimit, resetRateLimit } from '../../platform/http/rate-limit';
import { appendAudit } from '../audit/audit';
import type { RequestMeta } from './actor';
import { presentStaffUser } from './identity.presenter';
import { findStaffByEmail } from './identity.repository';
import { verifyPassword } from './passwords';
import { createSession, sessionPolicy } from './sessions';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Staff sign-in. Rate limited per IP (every attempt) and per account (failures), in the database so
 * every node shares the counts. Wrong email and wrong password answer the same.
 */
export async function login(deps: Deps, input: LoginInput, meta: RequestMeta) {
  const { config, db } = deps;
  const windowMs = config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000;
  const email = input.email.trim().toLowerCase();
  const accountKey = `login:account:${email}`;
  await hitRateLimit(db, `login:ip:${meta.ip ?? 'unknown'}`, config.LOGIN_LIMIT_PER_IP, windowMs);
  await checkRateLimit(db, accountKey, config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);

  const user = await findStaffByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user?.active || !passwordOk) {
    await hitRateLimit(db, accountKey, Number.MAX_SAFE_INTEGER, windowMs);
    if (user) {
      await db.transaction((tx) =>
        appendAudit(tx, {
          firmId: user.firmId,
          actor: { type: 'anonymous' },
          action: 'auth.login_failed',
          targetType: 'staff',
          targetId: user.id,
          meta,
        }),
      );
    }
    throw new AppError('invalid_credentials', 'The email or password is not right.');
  }

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
  return { token: session.token, expiresAt: session.absoluteExpiresAt, user: presentStaffUser(user) };
}
