import type { Deps } from '../../deps';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import { deviceOf } from '../identity/device-cookie';
import { emailBrand } from '../notifications/email-brand';
import { signInLinkEmail } from '../notifications/email-templates';
import { enqueueEmail } from '../notifications/send-email.job';
import {
  contactNameByEmail,
  ensurePortalUser,
  findPortalUserByEmail,
  firmIdsOfPortalUser,
  normalizeEmail,
} from './portal.repository';
import { auditInFirms } from './portal-audit';
import { createSignInLink, SIGN_IN_LINK_MINUTES } from './portal-links';

/**
 * `POST /portal/auth/email-link`: emails a 15-minute single-use sign-in link, but only to an email
 * that is a portal user's or a contact's. The caller always gets the same 202, whether or not the
 * email is known (the email goes out through a job, so the answer takes about as long either way).
 * Rate limited per IP and per email (the LOGIN_LIMIT_* settings); the person's own recent browser (a
 * valid portal device cookie for this email's portal user) counts under its own key instead, so
 * requests from elsewhere cannot keep their links from them.
 */
export async function requestSignInLink(
  deps: Deps,
  rawEmail: string,
  meta: RequestMeta,
  deviceCookie?: string,
): Promise<void> {
  const { db, config } = deps;
  const email = normalizeEmail(rawEmail);
  const windowMs = config.LOGIN_LIMIT_WINDOW_MINUTES * 60_000;
  await reserveAttempt(db, `portal-link:ip:${meta.ip ?? 'unknown'}`, config.LOGIN_LIMIT_PER_IP, windowMs);
  const known = await findPortalUserByEmail(db, email);
  const device = known ? deviceOf(deps.secrets, 'portal', known.id, deviceCookie) : null;
  const emailKey = device ? `portal-link:device:${device}` : `portal-link:email:${email}`;
  await reserveAttempt(db, emailKey, config.LOGIN_LIMIT_PER_ACCOUNT, windowMs);

  const name = known?.name ?? (await contactNameByEmail(db, email));
  if (name === undefined) return;
  await db.transaction(async (tx) => {
    const user = await ensurePortalUser(tx, email, name);
    const link = await createSignInLink(tx, deps, {
      kind: 'portal_sign_in',
      portalUserId: user.id,
      validMs: SIGN_IN_LINK_MINUTES * 60_000,
    });
    const firmIds = await firmIdsOfPortalUser(tx, user.id);
    const brand = await emailBrand(tx, deps, firmIds);
    await enqueueEmail(tx, deps, {
      ...signInLinkEmail({
        brand,
        locale: user.locale ?? brand.defaultLocale,
        recipientName: user.name,
        link: link.link,
        linkToken: link.token,
        validMinutes: SIGN_IN_LINK_MINUTES,
      }),
      to: user.email,
      firmIds,
    });
    await auditInFirms(tx, firmIds, {
      actor: { type: 'anonymous' },
      action: 'portal.sign_in_link',
      targetType: 'portal_user',
      targetId: user.id,
      meta,
    });
  });
}
