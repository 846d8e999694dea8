/**
 * DESIGN.md rule 7, with a real process: the email job is committed with the change; the process
 * is killed (SIGKILL) after the commit and before any send; a restarted process sends the email,
 * exactly once, and its link works.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from './global-setup';
import { tokenFromText } from './support/jobs';
import { type ServerProcess, startServer } from './support/server-process';
import { startSmtp, type TestSmtp } from './support/smtp';

let dataDir: string;
let smtp: TestSmtp;
let databaseUrl: string | undefined;
const servers: ServerProcess[] = [];
const adminUrl = process.env.TEST_DATABASE_URL;
const dbName = `parley_t_${randomUUID().replaceAll('-', '')}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  smtp = await startSmtp();
  if (adminUrl) {
    await admin((c) => c.query(`create database ${dbName} template ${inject('pgTemplate')}`));
    databaseUrl = withDatabase(adminUrl, dbName);
  }
});
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  await smtp.close();
  if (adminUrl) await admin((c) => c.query(`drop database if exists ${dbName} with (force)`));
  await fs.rm(dataDir, { recursive: true, force: true });
});

const json = { 'content-type': 'application/json' };

const ADMIN = { email: 'boss@firm.test', password: 'a fine admin password 123' };
const serverEnv = () => ({
  DATA_DIR: dataDir,
  SMTP_URL: smtp.url,
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  FIRM_NAME: 'Crash & Co',
  LOG_LEVEL: 'warn',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});

async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(ADMIN),
  });
  return ((await login.json()) as { token: string }).token;
}

/** Kill -9 the web-only process (its jobs are committed, not sent), start one with the worker. */
async function crashAndRestart(first: ServerProcess, email: string): Promise<ServerProcess> {
  first.child.kill('SIGKILL');
  await first.exited;
  expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(0);
  const second = await startServer({ ...serverEnv(), ROLES: 'web,worker' });
  servers.push(second);
  return second;
}

/** The one mail to `email`: no duplicate arrives in the next seconds. Its sign-in link works. */
async function expectExactlyOnce(server: ServerProcess, email: string) {
  const [mail] = await smtp.waitFor(email, 1, 20_000);
  expect(mail, server.output()).toBeDefined();
  await new Promise((r) => setTimeout(r, 2500)); // a duplicate would have arrived by now
  expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
  const exchanged = await fetch(`${server.url}/api/v1/portal/auth/exchange`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token: tokenFromText(mail!.text) }),
  });
  expect(exchanged.status).toBe(200);
  return mail!;
}

describe('email job across a crash', () => {
  it('is sent exactly once by the restarted process', async () => {
    // 1. A web-only process: it commits the change and its job, and never sends.
    const first = await startServer({ ...serverEnv(), ROLES: 'web' });
    servers.push(first);
    const token = await signIn(first.url);
    const email = `client-${randomUUID().slice(0, 8)}@example.test`;
    await fetch(`${first.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Cass Client', email }),
    });
    const requested = await fetch(`${first.url}/api/v1/portal/auth/email-link`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email }),
    });
    expect(requested.status).toBe(202);

    // 2. Killed after the commit, before any send. 3. Restarted with the worker: sent once.
    const second = await crashAndRestart(first, email);
    await expectExactlyOnce(second, email);
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('sends the invitation of a first message exactly once (rule 7 with a message effect)', async () => {
    const first = await startServer({ ...serverEnv(), ROLES: 'web' });
    servers.push(first);
    const token = await signIn(first.url);
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${first.url}/api/v1${path}`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBe(201);
      return (await res.json()) as { id: string };
    };
    const email = `invitee-${randomUUID().slice(0, 8)}@example.test`;
    const matter = await api('/matters', { title: 'Crash Estate' });
    const contact = await api('/contacts', { name: 'Ina Invitee', email });
    const party = await api(`/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Client' });
    await api(`/matters/${matter.id}/messages`, { partyIds: [party.id], body: 'Confidential first words' });

    const second = await crashAndRestart(first, email);
    const mail = await expectExactlyOnce(second, email);
    expect(mail.subject).toContain('Crash Estate');
    expect(mail.text).not.toContain('Confidential');
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
