/** What only a real process shows: start-up output, the PGlite lock, logs, graceful shutdown. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../src/modules/identity/totp';
import { type ServerProcess, startServer } from './support/server-process';

// The embedded default (`npm start` with nothing set): each server here runs PGlite in its own
// DATA_DIR whatever the pass, so the PostgreSQL pass runs these too (CI lets nothing skip there).
let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-process-'));
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  let server: ServerProcess;
  const password = 'a fine admin password 123';

  it('starts on PGlite, prints the URL and the first admin sign-in once', async () => {
    server = await startServer({
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'boss@firm.test',
      ADMIN_PASSWORD: password,
      FIRM_NAME: 'Boss & Co',
    });
    expect(server.output()).toContain('Parley is running at http://localhost:');
    // the start-up report: plain lines before any JSON log line, naming drivers and risky settings
    const out = server.output();
    expect(out.indexOf('Parley starts: reachable at http://localhost:')).toBeLessThan(
      Math.max(0, out.indexOf('{"')),
    );
    expect(out).toContain(`  database:  embedded PGlite in ${path.join(dataDir, 'db')}`);
    expect(out).toMatch(/^Warning: SMTP_URL is not set: /m);
    expect(server.output()).toContain('Created the firm "Boss & Co". Sign in as boss@firm.test');
    const old = Number(process.versions.node.split('.')[0]) < 22;
    expect(server.output().includes('reached its end of life')).toBe(old);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
  }, 120_000);

  it('logs JSON without passwords or tokens', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@firm.test', password }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    await fetch(`${server.url}/api/v1/me?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 300));
    const out = server.output();
    expect(out).toMatch(/"msg":"request completed"/);
    expect(out).not.toContain(password);
    expect(out).not.toContain(token);
  });

  it('refuses a second process on the same data directory', async () => {
    const second = await startServer({ DATA_DIR: dataDir }, { waitReady: false });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another Parley process \(pid \d+\)/);
  }, 120_000);

  it('on SIGTERM finishes in-flight requests, closes the database and exits 0', async () => {
    const inFlight = fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@firm.test', password }),
    });
    await new Promise((r) => setTimeout(r, 20));
    const code = server.stop('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await code).toBe(0);
    await expect(fs.access(path.join(dataDir, 'db', 'parley.lock'))).rejects.toThrow();
  }, 120_000);

  it('restarts on the same data without creating the firm again', async () => {
    const again = await startServer({ DATA_DIR: dataDir });
    expect(again.output()).not.toContain('Created the firm');
    await again.stop();
  }, 120_000);

  it('keeps TOTP seeds sealed with DATA_DIR/secrets.key, and will not start with another key', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const api = async (p: string, body: unknown, token?: string) => {
      const res = await fetch(`${first.url}/api/v1${p}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, string> };
    };
    const { token } = (await api('/auth/login', { email: 'boss@firm.test', password })).body;
    const { secret } = (await api('/auth/totp/setup', {}, token)).body;
    const key = base32Decode(secret!);
    expect((await api('/auth/totp/confirm', { code: totpAt(key, Date.now()) }, token)).status).toBe(200);
    await first.stop();

    const wrongKey = await startServer(
      { DATA_DIR: dataDir, SECRETS_KEY: randomBytes(32).toString('base64') },
      { waitReady: false },
    );
    expect(await wrongKey.exited).toBe(1);
    expect(wrongKey.output()).toContain('sealed with another secrets key');

    const again = await startServer({ DATA_DIR: dataDir });
    const res = await fetch(`${again.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@firm.test', password, totp: totpAt(key, Date.now() + 30_000) }),
    });
    expect(res.status).toBe(200);
    await again.stop();
  }, 120_000);

  it('generates and prints an admin password when none is configured', async () => {
    const fresh = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-process-gen-'));
    const s = await startServer({ DATA_DIR: fresh });
    const match = /generated password: (\S+)/.exec(s.output());
    expect(match).not.toBeNull();
    const res = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.local', password: match![1] }),
    });
    expect(res.status).toBe(200);
    await s.stop();
    await fs.rm(fresh, { recursive: true, force: true });
  }, 120_000);
});

describe('invalid configuration', () => {
  it('stops the start with a message naming the variable', async () => {
    const s = await startServer({ DATA_DIR: dataDir, LIMIT_FILE_BYTES: 'lots' }, { waitReady: false });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain('LIMIT_FILE_BYTES');
    expect(s.output()).toContain('Parley did not start');
  }, 120_000);
});
