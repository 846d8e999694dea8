import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Secrets the server must read back (TOTP seeds), sealed at rest with AES-256-GCM: a copy of the
 * database alone does not give them away. Sealed values look like `v1.<key id>.<base64url of
 * iv | tag | ciphertext>`; the `context` (e.g. `staff:<id>:totp`) is authenticated too, so a sealed
 * value copied onto another row does not open. The key comes from `SECRETS_KEY` (32 bytes, base64 or
 * hex: every node of a deployment needs the same one) or, when unset, from `DATA_DIR/secrets.key`,
 * created on first start (readable by its owner only).
 */
export class SecretBox {
  /** Names the key in every value it seals, so a value sealed with another key says so. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a secrets key must be 32 bytes');
    this.keyId = createHmac('sha256', key).update('parley-secrets-key-id').digest('hex').slice(0, 12);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${this.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plain value; throws `SecretKeyMismatch` or a tamper error when it cannot be opened. */
  open(stored: string, context: string): string {
    const [version, keyId, payload] = stored.split('.');
    if (version !== 'v1' || !keyId || payload === undefined) throw new Error('not a sealed secret');
    if (keyId !== this.keyId) throw new SecretKeyMismatch(keyId, this.keyId);
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /**
   * HMAC-SHA256 of `data` (base64url) under a key derived from this one for `purpose` alone, so a
   * signature made for one purpose (e.g. device cookies) proves nothing for another.
   */
  mac(purpose: string, data: string): string {
    const key = createHmac('sha256', this.key).update(`parley-mac:${purpose}`).digest();
    return createHmac('sha256', key).update(data, 'utf8').digest('base64url');
  }

  /** 32 bytes for one purpose (HKDF-SHA256 of the key): other keys made from the one secret. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, 'parley-derived-key', purpose, 32));
  }

  static isSealed(value: string): boolean {
    return value.startsWith('v1.');
  }
}

export class SecretKeyMismatch extends Error {
  constructor(
    readonly sealedWith: string,
    readonly ours: string,
  ) {
    super(
      `A secret in the database was sealed with another secrets key (key id ${sealedWith}; this node has ${ours}). ` +
        'Give every node the same SECRETS_KEY (or the same DATA_DIR/secrets.key).',
    );
  }
}

/** `SECRETS_KEY` as 32 bytes (64 hex digits, or base64 / base64url), or a message saying why not. */
export function parseSecretsKey(text: string): Buffer | string {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
      : undefined;
  if (key?.length !== 32)
    return 'must be 32 random bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)';
  return key;
}

/** The box for this node: `SECRETS_KEY` when given, else `DATA_DIR/secrets.key` (made once). */
export async function loadSecretBox(config: { SECRETS_KEY?: Buffer; DATA_DIR: string }): Promise<SecretBox> {
  if (config.SECRETS_KEY) return new SecretBox(config.SECRETS_KEY);
  const file = path.join(config.DATA_DIR, 'secrets.key');
  await fs.mkdir(config.DATA_DIR, { recursive: true });
  // Written aside, then linked into place: of two processes starting at once, one makes the key and
  // the other reads it whole (a link fails if the name exists).
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(aside, randomBytes(32).toString('base64'), { mode: 0o600 });
  try {
    await fs.link(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(aside, { force: true });
  }
  const key = parseSecretsKey(await fs.readFile(file, 'utf8'));
  if (typeof key === 'string') throw new Error(`${file} ${key}`);
  return new SecretBox(key);
}
