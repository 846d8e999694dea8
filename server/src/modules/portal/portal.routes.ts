import {
  codeRequest,
  emailLinkRequest,
  exchangeRequest,
  exchangeResponse,
  mfaChallengeRequest,
  mfaChallengeResponse,
  mfaVerifyResponse,
  portalMe,
  totpConfirmResponse,
  totpSetupResponse,
  updatePortalMeRequest,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { DEVICE_COOKIE, setDeviceCookie } from '../identity/device-cookie';
import { clearSessionCookie, setSessionCookie } from '../identity/identity.routes';
import { challengeStepUp } from './challenge-step-up';
import { exchangeSignInToken } from './exchange-sign-in-token';
import type { PortalUserRow } from './portal.repository';
import { confirmPortalTotp, setupPortalTotp } from './portal-totp';
import { readPortalMe } from './read-portal-me';
import { requestSignInLink } from './request-sign-in-link';
import { signOutPortal } from './sign-out';
import { updatePortalMe } from './update-portal-me';
import { verifyStepUp } from './verify-step-up';

const presentMe = (user: PortalUserRow, actor: { mfaVerifiedUntil?: Date | null }) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  totpEnabled: user.totpEnabled,
  mfaVerifiedUntil: actor.mfaVerifiedUntil?.toISOString() ?? null,
  locale: user.locale ?? null,
});

export const portalAuthRoutes = [
  route({
    method: 'POST',
    url: '/portal/auth/email-link',
    summary: 'Email a 15-minute single-use sign-in link; 202 whether or not the email is known',
    tag: 'portal',
    auth: 'none',
    body: emailLinkRequest,
    status: 202,
    errors: [429],
    handler: async ({ deps, body, meta, request }) => {
      await requestSignInLink(deps, body.email, meta, request.cookies?.[DEVICE_COOKIE.portal]);
      return { status: 'accepted' };
    },
  }),
  route({
    method: 'POST',
    url: '/portal/auth/exchange',
    summary: 'Trade a sign-in or invitation link token for a portal session (and cookie)',
    tag: 'portal',
    auth: 'none',
    signIn: true,
    body: exchangeRequest,
    response: exchangeResponse,
    errors: [401, 403, 429],
    handler: async ({ deps, body, meta, reply }) => {
      const result = await exchangeSignInToken(deps, body.token, meta);
      setSessionCookie(deps, reply, 'portal', result.token, result.expiresAt);
      setDeviceCookie(deps, reply, 'portal', result.deviceCookie);
      return { token: result.token, user: result.user };
    },
  }),
  route({
    method: 'POST',
    url: '/portal/auth/logout',
    summary: 'End this portal session everywhere',
    tag: 'portal',
    auth: 'portal',
    status: 204,
    handler: async ({ deps, actor, meta, reply }) => {
      await signOutPortal(deps, actor, meta);
      clearSessionCookie(reply, 'portal');
    },
  }),
  route({
    method: 'GET',
    url: '/portal/me',
    summary: 'The signed-in portal user, with TOTP and step-up state',
    tag: 'portal',
    auth: 'portal',
    response: portalMe,
    handler: async ({ deps, actor }) => presentMe(await readPortalMe(deps, actor), actor),
  }),
  route({
    method: 'PATCH',
    url: '/portal/me',
    summary:
      "Choose the portal language (used for this person's emails and SMS from now on) or change the name",
    tag: 'portal',
    auth: 'portal',
    body: updatePortalMeRequest,
    response: portalMe,
    handler: async ({ deps, actor, body, meta }) =>
      presentMe(await updatePortalMe(deps, actor, body, meta), actor),
  }),
  route({
    method: 'POST',
    url: '/portal/mfa/challenge',
    summary: 'Send a 6-digit step-up code (10 minutes, single use, 5 tries) by email or SMS',
    tag: 'portal',
    auth: 'portal',
    body: mfaChallengeRequest,
    status: 202,
    response: mfaChallengeResponse,
    errors: [422, 429],
    handler: ({ deps, actor, body, meta }) => challengeStepUp(deps, actor, body.channel, meta),
  }),
  route({
    method: 'POST',
    url: '/portal/mfa/verify',
    summary: 'Pass step-up with the emailed/texted code or a TOTP code: opens MFA messages for 15 minutes',
    tag: 'portal',
    auth: 'portal',
    body: codeRequest,
    response: mfaVerifyResponse,
    errors: [422, 429],
    handler: ({ deps, actor, body, meta }) => verifyStepUp(deps, actor, body.code, meta),
  }),
  route({
    method: 'POST',
    url: '/portal/mfa/totp/setup',
    summary: 'Start setting up an authenticator app (TOTP, RFC 6238)',
    tag: 'portal',
    auth: 'portal',
    response: totpSetupResponse,
    errors: [409],
    handler: ({ deps, actor, meta }) => setupPortalTotp(deps, actor, meta),
  }),
  route({
    method: 'POST',
    url: '/portal/mfa/totp/confirm',
    summary: 'Turn TOTP on with a code from the app (also counts as a step-up)',
    tag: 'portal',
    auth: 'portal',
    body: codeRequest,
    response: totpConfirmResponse,
    errors: [409, 422, 429],
    handler: ({ deps, actor, body, meta }) => confirmPortalTotp(deps, actor, body.code, meta),
  }),
];
