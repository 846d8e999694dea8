/** `npm run admin` against a running embedded Parley (its socket) and against a stopped one (directly). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clonePostgres } from './helpers';
import { runCli, type ServerProcess, startServer } from './support/server-process';

/** `tsx src/admin-cli.ts …` as the operator runs it. */
const runAdmin = (env: Record<string, string>, argv: string[]) => runCli('src/admin-cli.ts', argv, env);

const oneTimePassword = (stdout: string) => /one-time password:\n {2}(\S+)\n/.exec(stdout)![1]!;

async function signIn(url: string, email: string, password: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

// Each server here runs PGlite in its own DATA_DIR whatever the pass, so both passes run it.
let dataDir: string;
let server: ServerProcess | undefined;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-admin-'));
});
afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('npm run admin on the embedded database', () => {
  it('talks to the running Parley through DATA_DIR/parley.sock', async () => {
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const pid = server.child.pid;
    const run = await runAdmin({ DATA_DIR: dataDir }, ['status']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`Parley (pid ${pid}) serves http://localhost:${server.port} on pglite\n`);
    expect(run.code).toBe(0);
  }, 120_000);

  it('reset-password through the socket prints a one-time password that signs in, asking for a new one', async () => {
    const run = await runAdmin({ DATA_DIR: dataDir }, ['reset-password', 'admin@parley.local']);
    expect(run.code).toBe(0);
    const password = oneTimePassword(run.stdout);
    expect(run.stdout).toContain(
      'Administrator <admin@parley.local> (My Law Firm) signs in with this one-time password:',
    );
    expect(await signIn(server!.url, 'admin@parley.local', password)).toMatchObject({
      passwordChangeRequired: true,
    });
    const unknown = await runAdmin({ DATA_DIR: dataDir }, ['reset-password', 'nobody@example.test']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'No staff member has the email nobody@example.test.\n',
    });
  }, 60_000);

  it('opens the data directory itself when Parley is not running (create-admin), and the next start has the admin', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    const status = await runAdmin({ DATA_DIR: dataDir }, ['status']);
    expect(status.stdout).toMatch(/^Parley \(pid \d+\) serves http:\/\/localhost:3000 on pglite\n$/);
    const run = await runAdmin({ DATA_DIR: dataDir }, ['create-admin', 'second@firm.test', 'Sam', 'Second']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = oneTimePassword(run.stdout);
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(await signIn(server.url, 'second@firm.test', password)).toMatchObject({
      user: { name: 'Sam Second', role: 'admin' },
      passwordChangeRequired: true,
    });
  }, 120_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'on PostgreSQL connects to the database directly',
    async () => {
      const pg = await clonePostgres();
      const pgDir = path.join(dataDir, 'pg-node');
      const pgServer = await startServer({ DATA_DIR: pgDir, DATABASE_URL: pg.url, LOG_LEVEL: 'warn' }).catch(
        async (e) => {
          await pg.drop();
          throw e;
        },
      );
      try {
        const run = await runAdmin({ DATA_DIR: pgDir, DATABASE_URL: pg.url }, [
          'reset-password',
          'admin@parley.local',
        ]);
        expect(run.stderr).toBe('');
        expect(await signIn(pgServer.url, 'admin@parley.local', oneTimePassword(run.stdout))).toMatchObject({
          passwordChangeRequired: true,
        });
      } finally {
        await pgServer.stop();
        await pg.drop();
      }
    },
    120_000,
  );

  it('refuses a wrong command with its usage', async () => {
    const run = await runAdmin({ DATA_DIR: dataDir }, ['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run admin -- <command>');
  }, 60_000);
});
