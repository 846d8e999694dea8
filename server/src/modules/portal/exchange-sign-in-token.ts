import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import { issueDeviceCookie } from '../identity/device-cookie';
import { createSession, sessionPolicy } from '../identity/sessions.repository';
import { consumeSignInToken, findPortalUser, firmIdsOfPortalUser, markSignedIn } from './portal.repository';
import { auditInFirms } from './portal-audit';

/**
 * `POST /portal/auth/exchange`: a sign-in or invitation link's token for a portal session. The
 * token is used up in the same transaction that creates the session; used, expired or unknown → 401.
 */
export async function exchangeSignInToken(deps: Deps, token: string, meta: RequestMeta) {
  const { db, config } = deps;
  await reserveAttempt(
    db,
    `portal-exchange:ip:${meta.ip ?? 'unknown'}`,
    config.LOGIN_LIMIT_PER_IP,
    config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000,
  );
  const result = await db.transaction(async (tx) => {
    const used = await consumeSignInToken(tx, token);
    const user = used?.portalUserId ? await findPortalUser(tx, used.portalUserId) : undefined;
    if (!used || !user) return null;
    const session = await createSession(
      tx,
      sessionPolicy(config),
      { type: 'portal', portalUserId: user.id },
      meta,
    );
    await markSignedIn(tx, user.id);
    await auditInFirms(tx, await firmIdsOfPortalUser(tx, user.id), {
      actor: { type: 'portal', id: user.id },
      action: 'portal.sign_in',
      targetType: 'session',
      targetId: session.sessionId,
      meta,
      data: { via: used.kind === 'portal_invite' ? 'invitation' : 'email_link' },
    });
    return { session, user };
  });
  if (!result) {
    throw new AppError(
      'invalid_credentials',
      'This sign-in link has expired or was already used. Ask for a new one with your email address.',
    );
  }
  const { session, user } = result;
  return {
    token: session.token,
    expiresAt: session.absoluteExpiresAt,
    deviceCookie: issueDeviceCookie(deps.secrets, 'portal', user.id),
    user: { id: user.id, name: user.name, email: user.email },
  };
}
