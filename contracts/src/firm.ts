import { z } from 'zod';
import { WELCOME_TEXT_MAX } from './brand';
import { id, name } from './common';

/** API.md "Firm settings and branding". */
export const brandColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb')
  .transform((v) => v.toLowerCase());

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM (24 hours)');
export const quietHours = z
  .strictObject({ start: clock, end: clock })
  .refine((v) => v.start !== v.end, 'start and end must differ');

let knownZones: Map<string, string> | undefined;

/**
 * An IANA time zone as the firm wrote it, with its usual spelling where ICU lists it
 * (`europe/london` → `Europe/London`; `Asia/Kolkata` stays, though ICU's canonical name is
 * `Asia/Calcutta`), or undefined when it is not a time zone.
 */
export function canonicalTimeZone(value: string): string | undefined {
  // Offsets such as "+01:00" are accepted by Intl but are not IANA zones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  knownZones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const listed = knownZones.get(value.toLowerCase());
  if (listed) return listed;
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}

export const timeZone = z
  .string()
  .max(100)
  .transform((v, ctx) => {
    const zone = canonicalTimeZone(v);
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/London' });
      return z.NEVER;
    }
    return zone;
  });

export const locale = z.enum(['en', 'es']);

const welcomeText = z
  .string()
  .trim()
  .min(1, 'must not be empty (send null to remove it)')
  .max(WELCOME_TEXT_MAX, `must be at most ${WELCOME_TEXT_MAX} characters`);

export const firmSettings = z.object({
  id,
  name: z.string(),
  brandColor: z.string(),
  /** Served by the API (no external host); changes when the logo does. */
  logoUrl: z.string().nullable(),
  welcomeText: z.string().nullable(),
  timeZone: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** The language of emails to people who have not chosen one (API.md "Locale"). */
  defaultLocale: locale,
  requireStaffTotp: z.boolean(),
});

export const updateFirmRequest = z
  .strictObject({
    name: name(200).optional(),
    brandColor: brandColor.optional(),
    welcomeText: welcomeText.nullable().optional(),
    timeZone: timeZone.optional(),
    quietHours: quietHours.nullable().optional(),
    defaultLocale: locale.optional(),
    requireStaffTotp: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'name at least one setting to change');

/** `GET /branding` (no sign-in): what sign-in pages, the portal, quick-reply pages and emails show. */
export const branding = z.object({
  firmName: z.string(),
  logoUrl: z.string().nullable(),
  brandColor: z.string(),
  welcomeText: z.string().nullable(),
});
export const brandingQuery = z.strictObject({ firm: id.optional() });
export const logoQuery = z.strictObject({ firm: id, v: z.string().max(100).optional() });
export const firmLogoResponse = z.object({ logoUrl: z.string() });
