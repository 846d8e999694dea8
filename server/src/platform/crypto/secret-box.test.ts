import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadSecretBox, parseSecretsKey, SecretBox, SecretKeyMismatch } from './secret-box';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-secrets-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

it('seals and opens; the context, the key and every byte are checked', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'staff:a:totp');
  expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\.[A-Za-z0-9_-]+$/);
  expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
  expect(box.seal('JBSWY3DPEHPK3PXP', 'staff:a:totp')).not.toBe(sealed); // a fresh IV each time
  expect(box.open(sealed, 'staff:a:totp')).toBe('JBSWY3DPEHPK3PXP');
  expect(() => box.open(sealed, 'staff:b:totp')).toThrow(); // copied onto another row
  const payload = sealed.split('.')[2]!;
  const flipped = `${sealed.slice(0, sealed.length - payload.length)}${payload.slice(0, -2)}${payload.endsWith('AA') ? 'BA' : 'AA'}`;
  expect(() => box.open(flipped, 'staff:a:totp')).toThrow();
  expect(() => new SecretBox(randomBytes(32)).open(sealed, 'staff:a:totp')).toThrow(SecretKeyMismatch);
  expect(() => box.open('JBSWY3DPEHPK3PXP', 'staff:a:totp')).toThrow('not a sealed secret');
});

it('reads SECRETS_KEY as hex, base64 or base64url, and refuses anything but 32 bytes', () => {
  const key = randomBytes(32);
  for (const text of [
    key.toString('hex'),
    key.toString('base64'),
    key.toString('base64url'),
    ` ${key.toString('hex')}\n`,
  ])
    expect(parseSecretsKey(text)).toEqual(key);
  for (const bad of [
    '',
    'short',
    randomBytes(16).toString('hex'),
    randomBytes(33).toString('base64'),
    'z'.repeat(64),
  ])
    expect(typeof parseSecretsKey(bad)).toBe('string');
});

it('without SECRETS_KEY makes DATA_DIR/secrets.key once (owner-only), then keeps using it', async () => {
  const [a, b] = await Promise.all([loadSecretBox({ DATA_DIR: dir }), loadSecretBox({ DATA_DIR: dir })]);
  expect(a.keyId).toBe(b.keyId); // two processes starting at once agree
  const again = await loadSecretBox({ DATA_DIR: dir });
  expect(again.open(a.seal('x', 'c'), 'c')).toBe('x');
  const stat = await fs.stat(path.join(dir, 'secrets.key'));
  expect(stat.mode & 0o777).toBe(0o600);
  expect((await fs.readdir(dir)).sort()).toEqual(['secrets.key']); // nothing left aside
  const given = randomBytes(32);
  expect((await loadSecretBox({ DATA_DIR: dir, SECRETS_KEY: given })).keyId).toBe(new SecretBox(given).keyId);
});

it('signs for one purpose: another purpose or another key gives another MAC', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const mac = box.mac('device-cookie:staff', 'v1.a.b.1');
  expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(new SecretBox(key).mac('device-cookie:staff', 'v1.a.b.1')).toBe(mac);
  expect(box.mac('device-cookie:portal', 'v1.a.b.1')).not.toBe(mac);
  expect(box.mac('device-cookie:staff', 'v1.a.b.2')).not.toBe(mac);
  expect(new SecretBox(randomBytes(32)).mac('device-cookie:staff', 'v1.a.b.1')).not.toBe(mac);
});
