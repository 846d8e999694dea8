/**
 * `npm run bench -- realtime-load [--seconds=60]` (#19 item 10), on PostgreSQL (BENCH_DATABASE_URL):
 * one Parley process (`ROLES=web`, spawned like a real node) with 200 open sockets (150 staff, 50
 * portal), 32 staff posting over HTTP about 100 posts/s into 2 conversations (an external one all
 * 200 sockets receive, an internal one the 150 staff receive: ≈ 17,500 frames/s) for 60 s.
 * Figures: post → socket latency (from the POST's start to the frame's arrival) p50/p99/max,
 * frames lost, sockets closed, how long the backlog took to drain, and the CPU of the load
 * generator (this process) and of the server. Baseline in the same run: raw INSERTs of the same
 * rate and concurrency through pg, each followed by a bare `ws` send of its bytes to 200 sockets;
 * the p99 is printed as a ratio to its p99. Target: p99 ≤ 250 ms with nothing lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../server/src/config';
import { createDeps, type Deps } from '../server/src/deps';
import { createSession, sessionPolicy } from '../server/src/modules/identity/sessions.repository';
import { openDatabase } from '../server/src/platform/db/database';
import { withBenchDatabase } from './postgres';
import { type Figure, percentile, report } from './report';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stderr.write(`[realtime-load] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(arg('seconds') ?? process.env.BENCH_SECONDS ?? 60);
const STAFF_SOCKETS = 150;
const PORTAL_SOCKETS = 50;
const POSTERS = 32;
const RATE = 100; // posts per second, all posters together
const TARGET_P99_MS = 250;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** CPU seconds (user + system) of a process, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** The process tree under `pid` (the tsx wrapper and the node it runs). */
function treeCpuSeconds(pid: number): number {
  let total = 0;
  const walk = (p: number) => {
    try {
      total += cpuSecondsOf(p);
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const c of children ? children.split(' ') : []) walk(Number(c));
    } catch {
      // gone
    }
  };
  walk(pid);
  return total;
}

async function seed(deps: Deps) {
  const db = deps.db;
  const firmId = randomUUID();
  const matterId = randomUUID();
  const folderId = randomUUID();
  await db.execute(sql`insert into firms (id, name) values (${firmId}, 'Load LLP')`);
  const staffIds = Array.from({ length: 50 }, () => randomUUID());
  for (const [i, id] of staffIds.entries())
    await db.execute(
      sql`insert into staff (id, firm_id, name, email, role) values (${id}, ${firmId}, ${`Staff ${i}`}, ${`s${i}@load.test`}, 'staff')`,
    );
  await db.execute(
    sql`insert into matters (id, firm_id, title, restricted, root_folder_id, created_by) values (${matterId}, ${firmId}, 'Load matter', false, ${folderId}, ${staffIds[0]!})`,
  );
  await db.execute(
    sql`insert into folders (id, firm_id, matter_id, name, path) values (${folderId}, ${firmId}, ${matterId}, 'All Files', ${`/${folderId}/`})`,
  );
  const contactId = randomUUID();
  const portalUserId = randomUUID();
  const partyId = randomUUID();
  await db.execute(
    sql`insert into portal_users (id, email, name) values (${portalUserId}, 'client@load.test', 'Client')`,
  );
  await db.execute(
    sql`insert into contacts (id, firm_id, name, email, portal_user_id) values (${contactId}, ${firmId}, 'Client', 'client@load.test', ${portalUserId})`,
  );
  await db.execute(
    sql`insert into parties (id, firm_id, matter_id, contact_id, role) values (${partyId}, ${firmId}, ${matterId}, ${contactId}, 'Client')`,
  );
  const policy = sessionPolicy(deps.config);
  const meta = { ip: null, userAgent: 'realtime-load' };
  const staffTokens: string[] = [];
  for (const id of staffIds)
    for (let k = 0; k < 3; k++)
      staffTokens.push((await createSession(db, policy, { type: 'staff', staffId: id, firmId }, meta)).token);
  const portalTokens: string[] = [];
  for (let k = 0; k < PORTAL_SOCKETS; k++)
    portalTokens.push((await createSession(db, policy, { type: 'portal', portalUserId }, meta)).token);
  return { matterId, partyId, staffTokens, portalTokens };
}

async function startServer(url: string, dataDir: string) {
  const port = await freePort();
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://parley.test',
      PORT: String(port),
      ROLES: 'web',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += String(data);
      if (output.includes('Parley is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
  return { child, base: `127.0.0.1:${port}` };
}

/** A socket that records, per message body, when it arrived; `closes` counts unexpected closes. */
interface Receiver {
  socket: WebSocket;
  closedWith?: number;
}

/** Posters at RATE posts/s (each in turn), for `seconds`; returns when every post was answered. */
async function drive(seconds: number, post: (n: number) => Promise<boolean>) {
  const total = Math.round(seconds * RATE);
  const perPoster = Math.ceil(total / POSTERS);
  const t0 = performance.now();
  let failed = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async (_, p) => {
      for (let k = 0; k < perPoster; k++) {
        const n = k * POSTERS + p;
        if (n >= total) return;
        const due = t0 + (n * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (!(await post(n))) failed++;
      }
    }),
  );
  return { total, failed, wall: (performance.now() - t0) / 1000 };
}

interface Tally {
  sent: Map<string, { at: number; expected: number }>;
  /** POST start → its 201, per post (what the database and HTTP cost before any fan-out). */
  answers: number[];
  latencies: number[];
  got: Map<string, number>;
  lastArrival: number;
}

function newTally(): Tally {
  return { sent: new Map(), answers: [], latencies: [], got: new Map(), lastArrival: 0 };
}

function record(t: Tally, body: string) {
  const s = t.sent.get(body);
  if (!s) return;
  const now = performance.now();
  t.latencies.push(now - s.at);
  t.got.set(body, (t.got.get(body) ?? 0) + 1);
  t.lastArrival = now;
}

function lost(t: Tally) {
  let missing = 0;
  for (const [body, s] of t.sent) missing += s.expected - (t.got.get(body) ?? 0);
  return missing;
}

async function waitDrained(t: Tally, expected: number, ms: number) {
  const deadline = performance.now() + ms;
  while (t.latencies.length < expected && performance.now() < deadline) await sleep(50);
}

async function parleyRun(url: string, dataDir: string) {
  const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const deps = await createDeps(config, {
    database: await openDatabase({ kind: 'postgres', url, poolSize: 4 }),
  });
  const s = await seed(deps);
  const server = await startServer(url, dataDir);
  const api = async (token: string, route: string, body: unknown) =>
    fetch(`http://${server.base}/api/v1${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  try {
    const ext = (await (
      await api(s.staffTokens[0]!, `/matters/${s.matterId}/conversations`, {
        kind: 'external',
        partyIds: [s.partyId],
      })
    ).json()) as { id: string };
    const internal = (await (
      await api(s.staffTokens[0]!, `/matters/${s.matterId}/conversations`, { kind: 'internal' })
    ).json()) as { id: string };
    const tally = newTally();
    const receivers: Receiver[] = [];
    const open = async (token: string) => {
      const socket = new WebSocket(`ws://${server.base}/api/v1/realtime?token=${token}`);
      await new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('error', reject);
      });
      const r: Receiver = { socket };
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; message?: { body?: string } };
        if (event.type === 'message.created' && event.message?.body) record(tally, event.message.body);
      });
      socket.on('close', (code) => {
        r.closedWith = code;
      });
      receivers.push(r);
    };
    for (const token of s.staffTokens.slice(0, STAFF_SOCKETS)) await open(token);
    for (const token of s.portalTokens) await open(token);
    log(`${receivers.length} sockets open; warming up`);
    const posterTokens = s.staffTokens.filter((_, i) => i % 3 === 0).slice(0, POSTERS);
    const post = async (n: number, label: string) => {
      const toExternal = n % 2 === 0;
      const body = `${label} ${n}`;
      tally.sent.set(body, {
        at: performance.now(),
        expected: toExternal ? STAFF_SOCKETS + PORTAL_SOCKETS : STAFF_SOCKETS,
      });
      const res = await api(
        posterTokens[n % POSTERS]!,
        `/conversations/${toExternal ? ext.id : internal.id}/messages`,
        {
          body,
        },
      );
      if (res.status !== 201) {
        tally.sent.delete(body);
        return false;
      }
      await res.arrayBuffer();
      tally.answers.push(performance.now() - tally.sent.get(body)!.at);
      return true;
    };
    await drive(3, (n) => post(n, 'warm-up'));
    await sleep(1000);
    const warm = newTally();
    Object.assign(tally, warm); // warm-up frames are not measured
    const cpu0 = process.cpuUsage();
    const server0 = treeCpuSeconds(server.child.pid!);
    log(`posting ${RATE}/s for ${SECONDS} s`);
    const driven = await drive(SECONDS, (n) => post(n, 'load'));
    const stoppedAt = performance.now();
    const expected = [...tally.sent.values()].reduce((sum, x) => sum + x.expected, 0);
    await waitDrained(tally, expected, 30_000);
    const cpu = process.cpuUsage(cpu0);
    const serverCpu = treeCpuSeconds(server.child.pid!) - server0;
    const wall = (performance.now() - stoppedAt) / 1000 + driven.wall;
    return {
      driven,
      expected,
      frames: tally.latencies.length,
      lost: lost(tally),
      closed: receivers.filter((r) => r.closedWith !== undefined).length,
      p50: percentile(tally.latencies, 50),
      p99: percentile(tally.latencies, 99),
      answerP50: percentile(tally.answers, 50),
      answerP99: percentile(tally.answers, 99),
      max: tally.latencies.reduce((a, b) => Math.max(a, b), 0),
      drainMs: Math.max(0, tally.lastArrival - stoppedAt),
      generatorCores: (cpu.user + cpu.system) / 1e6 / wall,
      serverCores: serverCpu / wall,
      close: () => {
        for (const r of receivers) r.socket.close();
      },
    };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) =>
      server.child.exitCode !== null ? resolve(0) : server.child.once('exit', resolve),
    );
    await deps.realtime.close();
    await deps.database.close();
  }
}

/** The same rate and concurrency as raw INSERTs through pg, each followed by a bare ws send to 200 sockets. */
async function baselineRun(url: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: POSTERS });
  await pool.query(
    'create table if not exists bench_raw (id text primary key, body text not null, at timestamptz default now())',
  );
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const wsUrl = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tally = newTally();
  const clients: WebSocket[] = [];
  for (let i = 0; i < STAFF_SOCKETS + PORTAL_SOCKETS; i++) {
    const c = new WebSocket(wsUrl);
    await new Promise<void>((resolve) => c.once('open', () => resolve()));
    c.on('message', (data) => record(tally, JSON.parse(String(data)).body));
    clients.push(c);
  }
  const peers = [...server.clients];
  const staffPeers = peers.slice(0, STAFF_SOCKETS);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await drive(seconds, async (n) => {
    const toExternal = n % 2 === 0;
    const body = `raw ${n}`;
    tally.sent.set(body, { at: performance.now(), expected: toExternal ? peers.length : STAFF_SOCKETS });
    await pool.query('insert into bench_raw (id, body) values ($1, $2)', [randomUUID(), body]);
    const bytes = Buffer.from(JSON.stringify({ type: 'message.created', body }));
    for (const peer of toExternal ? peers : staffPeers) peer.send(bytes, { binary: false });
    return true;
  });
  const expected = [...tally.sent.values()].reduce((sum, x) => sum + x.expected, 0);
  await waitDrained(tally, expected, 10_000);
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  for (const c of clients) c.close();
  server.close();
  await pool.end();
  return {
    p50: percentile(tally.latencies, 50),
    p99: percentile(tally.latencies, 99),
    lost: lost(tally),
    cores: (cpu.user + cpu.system) / 1e6 / wall,
  };
}

export async function run(): Promise<void> {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0) throw new Error('--seconds must be a positive number');
  await withBenchDatabase('parley_rtload', async (url, dataDir) => {
    const baselineSeconds = Math.min(SECONDS, 20);
    log(`baseline: raw INSERT + bare ws send, ${RATE}/s for ${baselineSeconds} s`);
    const base = await baselineRun(url, baselineSeconds);
    log(`baseline p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms, lost ${base.lost}`);
    const r = await parleyRun(url, dataDir);
    r.close();
    log(
      `parley: ${r.frames}/${r.expected} frames, lost ${r.lost}, closed ${r.closed}, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, drained ${r.drainMs.toFixed(0)} ms after posting stopped`,
    );
    const baseline = { name: 'raw INSERT + bare ws send p99', value: base.p99, unit: 'ms' };
    const figures: Figure[] = [
      {
        name: `post→socket p99, ${STAFF_SOCKETS + PORTAL_SOCKETS} sockets, ${POSTERS} posters, ${RATE} posts/s, ${SECONDS} s`,
        value: r.p99,
        unit: 'ms',
        ratio: r.p99 / base.p99,
        baseline,
        target: `<= ${TARGET_P99_MS} ms, nothing lost`,
        met: r.p99 <= TARGET_P99_MS && r.lost === 0 && r.closed === 0 && r.driven.failed === 0,
      },
      {
        name: 'post→socket p50',
        value: r.p50,
        unit: 'ms',
        ratio: r.p50 / base.p50,
        baseline: { ...baseline, name: 'baseline p50', value: base.p50 },
      },
      { name: 'post→socket max', value: r.max, unit: 'ms' },
      { name: 'POST answered (201) p50, before any fan-out', value: r.answerP50, unit: 'ms' },
      { name: 'POST answered (201) p99, before any fan-out', value: r.answerP99, unit: 'ms' },
      { name: 'frames lost', value: r.lost, unit: 'frames' },
      { name: 'sockets closed during the run', value: r.closed, unit: 'sockets' },
      { name: 'posts refused', value: r.driven.failed, unit: 'posts' },
      { name: 'backlog drained after posting stopped', value: r.drainMs, unit: 'ms' },
      { name: 'frames per second', value: r.expected / r.driven.wall, unit: 'frames/s' },
      { name: 'load generator CPU (this process)', value: r.generatorCores, unit: 'cores' },
      { name: 'server CPU', value: r.serverCores, unit: 'cores' },
      { name: 'baseline generator CPU', value: base.cores, unit: 'cores' },
    ];
    await report('realtime-load', figures, {
      database: 'postgres',
      cpus: os.cpus().length,
      seconds: SECONDS,
      baselineSeconds,
      sharedMachine: true,
    });
  });
}
