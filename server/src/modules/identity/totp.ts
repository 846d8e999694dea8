import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SecretBox } from '../../platform/crypto/secret-box';
import type { Queryable } from '../../platform/db/database';
import { advanceTotpStep } from './totp.repository';

/**
 * TOTP (RFC 6238) over HOTP (RFC 4226): HMAC-SHA1, 30-second steps, 6 digits, ±1 step of clock
 * drift. Small enough to read in one go, and tested against the RFC's vectors (totp.test.ts).
 */
export const TOTP_STEP_SECONDS = 30;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (timeMs: number) => Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);

export function totpAt(key: Uint8Array, timeMs: number, digits = 6, algorithm = 'sha1'): string {
  return hotp(key, totpStep(timeMs), digits, algorithm);
}

/** 160 random bits (RFC 4226's recommended key length), as base32 for authenticator apps. */
export const generateTotpSecret = () => base32Encode(randomBytes(20));

export function otpauthUrl(secret: string, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/**
 * The step (now, or one either side) whose code equals `code`, if it is later than `lastStep`:
 * a code already used, or one older than it, never matches again.
 */
export function matchTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): number | null {
  const key = base32Decode(secret);
  const current = totpStep(nowMs);
  const given = Buffer.from(code);
  for (const step of [current - 1, current, current + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    const expected = Buffer.from(hotp(key, step));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return step;
  }
  return null;
}

/**
 * Check a TOTP code of a `staff` or `portal_users` row and record its step, atomically: of two
 * requests racing with the same code only one wins. `pending` checks the not-yet-confirmed secret.
 */
export async function useTotpCode(
  tx: Queryable,
  table: 'staff' | 'portal_users',
  row: { id: string; totpSecret: string | null; totpLastStep: number | null },
  code: string,
  box: SecretBox,
  now = Date.now(),
): Promise<boolean> {
  if (!row.totpSecret) return false;
  const step = matchTotp(openTotpSecret(box, table, row.id, row.totpSecret), code, now, row.totpLastStep);
  if (step === null) return false;
  return advanceTotpStep(tx, table, row.id, step);
}

/** What a TOTP seed is sealed against: its table and row (a sealed seed copied elsewhere won't open). */
export const totpContext = (table: 'staff' | 'portal_users', id: string) => `${table}:${id}:totp`;

/** A stored seed, sealed (or, until the start-up pass seals it, a plain one from before sealing). */
export function openTotpSecret(box: SecretBox, table: 'staff' | 'portal_users', id: string, stored: string) {
  return SecretBox.isSealed(stored) ? box.open(stored, totpContext(table, id)) : stored;
}
