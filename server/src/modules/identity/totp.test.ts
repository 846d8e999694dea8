import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUrl, totpAt } from './totp';

// RFC 6238 appendix B: the SHA-1 seed is "12345678901234567890"; 8-digit codes.
const seed = Buffer.from('12345678901234567890');
const rfc6238 = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
] as const;

describe('TOTP (RFC 6238)', () => {
  it.each(rfc6238)('at T=%i the SHA-1 code is %s', (seconds, code) => {
    expect(totpAt(seed, seconds * 1000, 8)).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, i) => hotp(seed, i))).toEqual(expected);
  });

  it('round-trips base32 and reads the RFC seed in base32', () => {
    const b32 = base32Encode(seed);
    expect(b32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(b32.toLowerCase())).toEqual(seed);
  });

  it('accepts one step of drift either side, refuses used or older steps', () => {
    const secret = base32Encode(seed);
    const now = 1111111111_000;
    const step = Math.floor(now / 30_000);
    const previous = totpAt(seed, now - 30_000);
    expect(matchTotp(secret, totpAt(seed, now), now, null)).toBe(step);
    expect(matchTotp(secret, previous, now, null)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(seed, now + 30_000), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totpAt(seed, now - 60_000), now, null)).toBeNull();
    expect(matchTotp(secret, totpAt(seed, now), now, step)).toBeNull();
    expect(matchTotp(secret, previous, now, step)).toBeNull();
    expect(matchTotp(secret, '12345', now, null)).toBeNull();
  });

  it('builds an otpauth URL authenticator apps read', () => {
    const url = otpauthUrl('ABC', 'ann@example.test', 'Parley');
    expect(url).toBe(
      'otpauth://totp/Parley%3Aann%40example.test?secret=ABC&issuer=Parley&algorithm=SHA1&digits=6&period=30',
    );
  });
});
