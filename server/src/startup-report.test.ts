import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { formatStartupReport, startupReport } from './startup-report';

const report = (env: Record<string, string>) =>
  startupReport(loadConfig({ DATA_DIR: '/srv/parley', ...env }));
const warningsOf = (env: Record<string, string>) => report(env).warnings;

const S3 = {
  BLOB_STORE: 's3',
  S3_ENDPOINT: 'http://minio:9000',
  S3_BUCKET: 'parley',
  S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  S3_SECRET_ACCESS_KEY: 'shh-secret',
};
const PRODUCTION = {
  HOST: '127.0.0.1',
  PUBLIC_URL: 'https://portal.firm.example',
  DATABASE_URL: 'postgres://parley:pg-password@db.internal:5432/parley',
  SECRETS_KEY: 'ab'.repeat(32),
  SMTP_URL: 'smtp://mailer:smtp-password@smtp.firm.example:587',
  MAIL_FROM: 'Firm <portal@firm.example>',
  ...S3,
};

describe('the start-up report', () => {
  it('names the address and every driver of the embedded default, and warns only that mail is not sent', () => {
    const r = report({});
    expect(r.lines).toEqual([
      'Parley starts: reachable at http://localhost:3000 (PUBLIC_URL), listening on 127.0.0.1:3000; roles web, worker',
      '  database:  embedded PGlite in /srv/parley/db',
      '  files:     local disk /srv/parley/blobs',
      '  email:     outbox (files in /srv/parley/outbox, nothing is sent)',
      '  SMS:       outbox (nothing is sent)',
      '  realtime:  in this process',
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^SMTP_URL is not set: invitations, sign-in links and notifications go to the outbox/,
    );
  });

  it('a production setup names its drivers without passwords and warns about nothing', () => {
    const r = report({
      ...PRODUCTION,
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_FROM: '+15551234567',
      REDIS_URL: 'redis://:redis-password@cache:6379',
    });
    expect(r.warnings).toEqual([]);
    const text = formatStartupReport(r);
    expect(text).toContain('database:  PostgreSQL postgres://parley@db.internal:5432/parley');
    expect(text).toContain('files:     S3 bucket parley at http://minio:9000');
    expect(text).toContain(
      'email:     SMTP smtp://mailer@smtp.firm.example:587, from Firm <portal@firm.example>',
    );
    expect(text).toContain('SMS:       Twilio from +15551234567');
    expect(text).toContain('realtime:  Redis redis://cache:6379');
    for (const secret of [
      'pg-password',
      'smtp-password',
      'redis-password',
      'shh-secret',
      'twilio-token',
      'ab'.repeat(32),
    ])
      expect(text).not.toContain(secret);
  });

  it('warns when PUBLIC_URL is localhost while HOST is not loopback (links and the Origin check break)', () => {
    const [w] = warningsOf({ ...PRODUCTION, HOST: '0.0.0.0', PUBLIC_URL: '' });
    expect(w).toMatch(
      /^PUBLIC_URL is http:\/\/localhost:3000 while Parley listens on 0\.0\.0\.0: .*refused \(Origin check\)/,
    );
    expect(warningsOf({ ...PRODUCTION, HOST: '::1', PUBLIC_URL: '' })).toEqual([]);
  });

  it('warns about an http PUBLIC_URL on another host (cookies without Secure), not on loopback', () => {
    const [w] = warningsOf({ ...PRODUCTION, HOST: '0.0.0.0', PUBLIC_URL: 'http://portal.firm.example' });
    expect(w).toMatch(/^PUBLIC_URL http:\/\/portal\.firm\.example is http .*without Secure/);
    expect(warningsOf({ ...PRODUCTION, PUBLIC_URL: 'http://127.0.0.1:3000' })).toEqual([]);
  });

  it('warns that passkeys are unavailable when PUBLIC_URL’s host is an IP address (v4 or v6)', () => {
    for (const url of ['https://192.168.1.20', 'https://[2001:db8::1]:8443']) {
      const found = warningsOf({ ...PRODUCTION, PUBLIC_URL: url });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(
        /is an IP address: browsers refuse passkeys there, so passkey sign-in is unavailable/,
      );
    }
  });

  it('warns about PostgreSQL without SECRETS_KEY, and with local blobs (nodes must share DATA_DIR or use S3)', () => {
    const noKey = warningsOf({ ...PRODUCTION, SECRETS_KEY: '' });
    expect(noKey).toEqual([expect.stringMatching(/^SECRETS_KEY is not set: .*the same SECRETS_KEY/)]);
    const local = warningsOf({ ...PRODUCTION, BLOB_STORE: 'local' });
    expect(local).toEqual([expect.stringMatching(/must share DATA_DIR .* or use BLOB_STORE=s3/)]);
    // neither applies to the embedded database
    expect(warningsOf({ SMTP_URL: PRODUCTION.SMTP_URL })).toEqual([]);
  });

  it('prints every warning on its own line after the drivers', () => {
    const text = formatStartupReport(report({ HOST: '0.0.0.0', DATABASE_URL: PRODUCTION.DATABASE_URL }));
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(6).map((l) => l.split(':')[0])).toEqual(Array(4).fill('Warning'));
  });
});
