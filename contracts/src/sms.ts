import { z } from 'zod';
import { branding, locale } from './firm';
import { MESSAGE_BODY_MAX, portalMessage } from './messaging';

/** `/quick/:token`: the secret of a quick-reply link (`PUBLIC_URL/r/<token>`). */
export const quickReplyParams = z.strictObject({ token: z.string().min(20).max(200) });

/**
 * `GET /quick/:token`: the recent conversation, `requireMfa` messages always locked (no body, links,
 * attachments or shares), with the firm's branding fields (`GET /branding`'s: firmName, logoUrl,
 * brandColor, welcomeText) at the top, the firm's id (for `/portal?firm=` sign-in links) and the
 * locale the page is written in (the firm's default: a quick link has no signed-in person).
 */
export const quickReplyView = branding.extend({
  firm: z.object({ id: z.string(), name: z.string() }),
  locale,
  matter: z.object({ title: z.string() }),
  messages: z.array(portalMessage),
});
export type QuickReplyView = z.infer<typeof quickReplyView>;

export const quickReplyInput = z.strictObject({
  body: z
    .string()
    .max(MESSAGE_BODY_MAX, `must be at most ${MESSAGE_BODY_MAX} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty'),
  /** Idempotency key: a reply retried after a lost answer is posted once. */
  clientMessageId: z.string().trim().min(1).max(200).optional(),
});
export type QuickReplyInput = z.output<typeof quickReplyInput>;

/** Twilio's status callback (form fields; Twilio sends more, they are ignored). */
export const smsStatusForm = z.object({
  MessageSid: z.string().min(1).max(100),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().max(40).optional(),
});

/** Twilio's incoming-message webhook (form fields). */
export const smsInboundForm = z.object({
  MessageSid: z.string().min(1).max(100),
  From: z.string().min(1).max(40),
  To: z.string().max(40).optional(),
  Body: z.string().max(20_000).default(''),
});
