import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('takes SECRETS_KEY as 32 bytes and names it, without its value, when it is not', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ SECRETS_KEY: hex }).SECRETS_KEY).toEqual(Buffer.from(hex, 'hex'));
    const found = problems({ SECRETS_KEY: 'not-a-key-at-all' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^SECRETS_KEY: must be 32 random bytes/);
    expect(found[0]).not.toContain('not-a-key-at-all');
  });

  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.BLOB_STORE).toBe('local');
    expect(c.LIMIT_FILE_BYTES).toBe(5_368_709_120);
    expect(c.LIMIT_FILES_PER_FOLDER).toBe(130);
    expect(c.LIMIT_FILES_PER_SEND).toBe(130);
    expect(c.NOTIFY_QUIET_MINUTES).toBe(15);
    expect(c.SESSION_IDLE_MINUTES).toBe(30);
    expect(c.SESSION_ABSOLUTE_HOURS).toBe(12);
    expect(c.TWILIO_API_BASE).toBe('https://api.twilio.com');
    expect(c.ROLES).toEqual(['web', 'worker']);
    expect(c.secureCookies).toBe(false);
  });

  it('derives PUBLIC_URL from PORT and marks https as secure', () => {
    expect(loadConfig({ PORT: '4000' }).PUBLIC_URL).toBe('http://localhost:4000');
    const c = loadConfig({ PUBLIC_URL: 'https://portal.example.com/' });
    expect(c.PUBLIC_URL).toBe('https://portal.example.com');
    expect(c.secureCookies).toBe(true);
    expect(c.publicOrigin).toBe('https://portal.example.com');
  });

  it('accepts the loopback aliases of a loopback PUBLIC_URL as origins, and only the exact origin otherwise', () => {
    expect(loadConfig({ PORT: '4000' }).allowedOrigins).toEqual([
      'http://localhost:4000',
      'http://127.0.0.1:4000',
      'http://[::1]:4000',
    ]);
    expect(loadConfig({ PUBLIC_URL: 'https://portal.example.com' }).allowedOrigins).toEqual([
      'https://portal.example.com',
    ]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://x.example'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['BLOB_STORE', 'ftp'],
    ['REDIS_URL', 'http://localhost'],
    ['SMTP_URL', 'localhost:25'],
    ['TWILIO_FROM', '555-1234'],
    ['ADMIN_EMAIL', 'nobody'],
    ['ADMIN_PASSWORD', 'short'],
    ['NOTIFY_QUIET_MINUTES', '-1'],
    ['LIMIT_FILE_BYTES', '0'],
    ['LIMIT_FILES_PER_FOLDER', '1.5'],
    ['LIMIT_FILES_PER_SEND', 'many'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['ROLES', 'web,cron'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    const found = problems({ [name]: value });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(new RegExp(`^${name}`));
  });

  it('requires the S3 settings together with BLOB_STORE=s3', () => {
    const found = problems({ BLOB_STORE: 's3', S3_BUCKET: 'b' });
    expect(found.some((p) => p.startsWith('S3_ACCESS_KEY_ID'))).toBe(true);
    expect(found.some((p) => p.startsWith('S3_SECRET_ACCESS_KEY'))).toBe(true);
  });

  it('requires all TWILIO_* variables once one is set', () => {
    const found = problems({ TWILIO_ACCOUNT_SID: 'AC1' });
    expect(found.some((p) => p.startsWith('TWILIO_AUTH_TOKEN'))).toBe(true);
    expect(found.some((p) => p.startsWith('TWILIO_FROM'))).toBe(true);
  });

  it('never echoes secret values in its messages', () => {
    const found = problems({ ADMIN_PASSWORD: 'tooshort' });
    expect(found.join('\n')).not.toContain('tooshort');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
