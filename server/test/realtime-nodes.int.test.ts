import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createDeps, type Deps } from '../src/deps';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { openDatabase } from '../src/platform/db/database';
import { testDatabaseName, withDatabase } from './global-setup';
import { seedPortalUser } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { connectEvents, type EventClient } from './ws-client';

/**
 * Two real server processes on one PostgreSQL (PGlite is single-process, so this runs only in the
 * PostgreSQL pass): a message posted on one node reaches a socket on the other, through LISTEN/NOTIFY
 * and through Redis; a dropped client catches up by seq without loss or duplicates.
 */
const url = process.env.TEST_DATABASE_URL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startNode(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), ROLES: 'web', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += String(data);
      if (output.includes('Parley is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`node exited ${code ?? signal}: ${output}`)));
  });
  return { child, base: `127.0.0.1:${port}` };
}

// Listed on PGlite too, so that the PGlite pass reports both groups as skipped.
const variants = [
  ['postgres LISTEN/NOTIFY', {}] as const,
  ['redis', { REDIS_URL: 'redis://127.0.0.1:6379' }] as const,
];

describe.skipIf(!url).each(variants)('two nodes via %s', (_name, extraEnv) => {
  let dbName: string;
  let deps: Deps;
  let w: World;
  let dataDir: string;
  const nodes: { child: ChildProcess; base: string }[] = [];
  const clients: EventClient[] = [];

  beforeAll(async () => {
    dbName = testDatabaseName();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${inject('pgTemplate')}`);
    await admin.end();
    const databaseUrl = withDatabase(url!, dbName);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-nodes-'));
    const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    deps = await createDeps(config, {
      database: await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 4 }),
    });
    w = await seedWorld(deps); // before the nodes start: no bootstrap firm
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://parley.test',
      ...extraEnv,
    };
    nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(
      nodes.map(
        (n) =>
          new Promise((resolve) => (n.child.exitCode !== null ? resolve(0) : n.child.once('exit', resolve))),
      ),
    );
    await deps.realtime.close();
    await deps.database.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const api = async (node: number, method: string, route: string, token: string, body?: unknown) => {
    const res = await fetch(`http://${nodes[node]!.base}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      json: (res.status === 204 ? {} : await res.json()) as Record<string, unknown> & {
        items?: { seq: number }[];
      },
    };
  };
  const connect = async (node: number, token: string) => {
    const client = await connectEvents(`ws://${nodes[node]!.base}/api/v1/realtime?token=${token}`);
    clients.push(client);
    return client;
  };

  it('delivers a message posted on one node to a socket on the other, and catches up by seq', async () => {
    const conv = await api(0, 'POST', `/matters/${w.restricted.id}/conversations`, w.alice.token, {
      kind: 'internal',
      staffIds: [w.bob.id],
    });
    const id = conv.json.id as string;
    // The client's view: messages by seq, merged from live events and catch-up pages.
    const seen = new Map<number, number>();
    const perSocket: Map<number, number>[] = [];
    const record = (client: EventClient) => {
      const counts = new Map<number, number>();
      perSocket.push(counts);
      client.socket.on('message', (data) => {
        const e = JSON.parse(String(data)) as {
          type: string;
          conversationId?: string;
          message?: { seq: number };
        };
        if (e.type !== 'message.created' || e.conversationId !== id) return;
        counts.set(e.message!.seq, (counts.get(e.message!.seq) ?? 0) + 1);
        seen.set(e.message!.seq, 1);
      });
    };
    const bob = await connect(1, w.bob.token);
    const carol = await connect(1, w.carol.token); // not on the restricted matter
    record(bob);
    const t0 = Date.now();
    await api(0, 'POST', `/conversations/${id}/messages`, w.alice.token, { body: 'across nodes' });
    const event = await bob.next((e) => e.type === 'message.created');
    expect(event).toMatchObject({ conversationId: id, message: { seq: 1, body: 'across nodes' } });
    expect(Date.now() - t0).toBeLessThan(2000);
    for (let i = 2; i <= 3; i++)
      await api(0, 'POST', `/conversations/${id}/messages`, w.alice.token, { body: `m${i}` });
    await bob.next((e) => e.type === 'message.created' && (e.message as { seq: number }).seq === 3);
    bob.close();
    await bob.closed;
    const lastSeq = Math.max(...seen.keys());
    for (let i = 4; i <= 6; i++)
      await api(0, 'POST', `/conversations/${id}/messages`, w.alice.token, { body: `m${i}` });
    const again = await connect(1, w.bob.token);
    record(again);
    // Posts keep coming while the client catches up: the union must be exact.
    const posting = (async () => {
      for (let i = 7; i <= 9; i++)
        await api(0, 'POST', `/conversations/${id}/messages`, w.alice.token, { body: `m${i}` });
    })();
    const catchUp = await api(1, 'GET', `/conversations/${id}/messages?after=${lastSeq}`, w.bob.token);
    for (const m of catchUp.json.items ?? []) seen.set(m.seq, 1);
    await posting;
    await again.next((e) => e.type === 'message.created' && (e.message as { seq: number }).seq === 9);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // No socket ever got the same message twice; catch-up rows are exactly those after lastSeq.
    for (const counts of perSocket) expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const caught = (catchUp.json.items ?? []).map((m) => m.seq);
    expect(caught).toEqual(Array.from({ length: caught.length }, (_, i) => lastSeq + 1 + i));
    expect(carol.events.filter((e) => e.type === 'message.created')).toEqual([]);
  }, 60_000);

  it('closes a session’s sockets on the other node when it is ended from the Sessions page', async () => {
    const policy = sessionPolicy(deps.config);
    const meta = { ip: null, userAgent: null };
    const second = await createSession(
      deps.db,
      policy,
      { type: 'staff', staffId: w.alice.id, firmId: w.firmId },
      meta,
    );
    const staffSocket = await connect(1, second.token);
    const ended = await api(0, 'DELETE', `/me/sessions/${second.sessionId}`, w.alice.token);
    expect(ended.status).toBe(204);
    expect(await staffSocket.closed).toBe(4401);
    expect((await api(1, 'GET', '/me', second.token)).status).toBe(401);
    expect((await api(1, 'GET', '/me', w.alice.token)).status).toBe(200);

    const client = await seedPortalUser(deps, w.firmId);
    const other = await createSession(deps.db, policy, { type: 'portal', portalUserId: client.id }, meta);
    const portalSocket = await connect(1, other.token);
    const res = await api(0, 'DELETE', '/portal/me/sessions?others=true', client.token);
    expect(res.status).toBe(204);
    expect(await portalSocket.closed).toBe(4401);
    expect((await api(1, 'GET', '/portal/me', other.token)).status).toBe(401);
  }, 30_000);

  it('closes sockets on the other node when the staff member is deactivated', async () => {
    const carol = await connect(1, w.carol.token);
    const res = await api(0, 'PATCH', `/staff/${w.carol.id}`, w.admin.token, { active: false });
    expect(res.status).toBe(200);
    expect(await carol.closed).toBe(4401);
  }, 30_000);
});
