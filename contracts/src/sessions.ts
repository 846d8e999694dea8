import { z } from 'zod';
import { id, isoTime } from './common';

/**
 * Sessions people can see (API.md "Identity additions"): one's own at `/me/sessions` (staff) and
 * `/portal/me/sessions`, a staff member's at `/staff/:id/sessions` (admin).
 */
export const sessionView = z.object({
  id,
  /** The session this request came with. */
  current: z.boolean(),
  userAgent: z.string().nullable(),
  /** The user agent in words, as a page shows it ("Chrome" on "Android"); null when it says nothing known. */
  device: z.object({ browser: z.string().nullable(), os: z.string().nullable() }),
  /** Where it signed in from (the client address, through the trusted proxies). */
  ip: z.string().nullable(),
  createdAt: isoTime,
  /** Updated at most once a minute. */
  lastSeenAt: isoTime,
});
export type SessionView = z.infer<typeof sessionView>;

export const sessionList = z.object({ items: z.array(sessionView) });

/** `DELETE /me/sessions?others=true`: every session but this one (ending this one is signing out). */
export const endSessionsQuery = z.strictObject({ others: z.literal('true') });
