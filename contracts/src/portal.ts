import { z } from 'zod';
import { id, name } from './common';
import { locale } from './firm';

/** Portal sign-in, step-up and the dev outbox (API.md "Client portal", "Outbox"). */
const emailInput = z.string().trim().min(1, 'must not be empty').max(320);
const sixDigits = z.string().regex(/^\d{6}$/, 'must be 6 digits');

export const emailLinkRequest = z.strictObject({ email: emailInput });
export const exchangeRequest = z.strictObject({ token: z.string().min(1, 'must not be empty').max(200) });

export const portalUser = z.object({ id, name: z.string(), email: z.string() });
export const exchangeResponse = z.object({ token: z.string(), user: portalUser });
export const portalMe = portalUser.extend({
  totpEnabled: z.boolean(),
  /** Until when the session's step-up is valid (DESIGN.md rule 6), or null. */
  mfaVerifiedUntil: z.string().nullable(),
  /** The language they chose (API.md "Locale"); null until they choose: the portal follows the browser. */
  locale: locale.nullable(),
});

/** `PATCH /portal/me`: the portal user's own language (used for their emails and SMS) and name. */
export const updatePortalMeRequest = z.strictObject({
  locale: locale.optional(),
  name: name().optional(),
});
export type UpdatePortalMeInput = z.output<typeof updatePortalMeRequest>;

export const mfaChallengeRequest = z.strictObject({ channel: z.enum(['email', 'sms']) });
export const mfaChallengeResponse = z.object({ channel: z.enum(['email', 'sms']), expiresAt: z.string() });
export const codeRequest = z.strictObject({ code: sixDigits });
export const mfaVerifyResponse = z.object({ verifiedUntil: z.string() });
export const totpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const totpConfirmResponse = z.object({ totpEnabled: z.literal(true) });

export const outboxItem = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms']),
  to: z.string(),
  subject: z.string().optional(),
  text: z.string(),
  createdAt: z.string(),
});
export const outboxList = z.object({ items: z.array(outboxItem), nextCursor: z.null() });
