import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../deps';
import type { SecretBox } from '../../platform/crypto/secret-box';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"), so that a lockout
 * cannot be used as a weapon: a successful sign-in gives the browser a signed cookie naming the
 * account, a random nonce and when it was issued. A later sign-in to the SAME account that shows a
 * valid one, at most DEVICE_COOKIE_DAYS old, counts its failures under the device
 * (`…:device:<nonce>`) instead of the account, so wrong passwords from elsewhere lock out untrusted
 * clients only, never the person's own browser. A stolen device cookie still needs the password and
 * gets its own limit, no more. No server state: the signature (HMAC-SHA256 under a key derived from
 * SECRETS_KEY) is the proof, and the per-device counter is the lockout list.
 */
export const DEVICE_COOKIE_DAYS = 30;
export const DEVICE_COOKIE = { staff: 'parley_device', portal: 'parley_portal_device' } as const;
/** Sent by the browser only to the sign-in routes. */
const DEVICE_COOKIE_PATH = { staff: '/api/v1/auth', portal: '/api/v1/portal/auth' } as const;

type Kind = keyof typeof DEVICE_COOKIE;
const purpose = (kind: Kind) => `device-cookie:${kind}`;

/** A new device cookie for this account (staff id or portal user id), issued now. */
export function issueDeviceCookie(
  secrets: SecretBox,
  kind: Kind,
  subjectId: string,
  now = new Date(),
): string {
  const payload = `v1.${subjectId}.${randomBytes(16).toString('base64url')}.${Math.floor(now.getTime() / 1000)}`;
  return `${payload}.${secrets.mac(purpose(kind), payload)}`;
}

/** The nonce of a valid, recent device cookie of `subjectId`; null when missing, forged, stale or another's. */
export function deviceOf(
  secrets: SecretBox,
  kind: Kind,
  subjectId: string,
  value: string | undefined,
  now = new Date(),
): string | null {
  if (!value || value.length > 300) return null;
  const parts = value.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return null;
  const [, subject, nonce, issued, signature] = parts as [string, string, string, string, string];
  const expected = Buffer.from(secrets.mac(purpose(kind), parts.slice(0, 4).join('.')));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const ageMs = now.getTime() - Number(issued) * 1000;
  if (subject !== subjectId || !(ageMs >= -60_000 && ageMs <= DEVICE_COOKIE_DAYS * 86_400_000)) return null;
  return nonce;
}

export function setDeviceCookie(deps: Deps, reply: FastifyReply, kind: Kind, value: string): void {
  reply.setCookie(DEVICE_COOKIE[kind], value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.secureCookies,
    path: DEVICE_COOKIE_PATH[kind],
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
}
