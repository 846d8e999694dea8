import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import { queryRows } from '../src/platform/db/database';
import { defineJob } from '../src/platform/jobs/queue';
import { JobWorker, PermanentJobError } from '../src/platform/jobs/worker';
import { uploadFiles } from './files-helpers';
import { call, createTestEnv, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { connectEvents, isMessage } from './ws-client';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await seedWorld(env.deps);
});
afterAll(() => env.close());

const scrape = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  env.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });

/** The value of one series in the exposition text (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /readyz', () => {
  it('is 200 while the database answers and every migration is applied, 503 with the reason otherwise', async () => {
    const ready = await env.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });

    // As if this build carried a migration the database has not had yet.
    const [last] = await queryRows<{ id: number; created_at: string }>(
      env.deps.db,
      sql`select id, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    await env.deps.db.execute(
      sql`update drizzle.__drizzle_migrations set created_at = 0 where id = ${last!.id}`,
    );
    const behind = await env.app.inject({ method: 'GET', url: '/readyz' });
    await env.deps.db.execute(
      sql`update drizzle.__drizzle_migrations set created_at = ${last!.created_at}::bigint where id = ${last!.id}`,
    );
    expect(behind.statusCode).toBe(503);
    expect(behind.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'ok', migrations: '1 pending' },
    });
    expect((await env.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('answers a loopback peer, and refuses a remote one or anything a proxy forwarded (403)', async () => {
    expect((await scrape()).statusCode).toBe(200);
    expect((await scrape({}, '::1')).statusCode).toBe(200);
    expect((await scrape({}, '::ffff:127.0.0.1')).statusCode).toBe(200);
    for (const refused of [
      scrape({}, '10.0.0.7'),
      scrape({}, '::ffff:192.168.1.2'),
      scrape({ 'x-forwarded-for': '203.0.113.9' }),
      scrape({ 'x-forwarded-proto': 'https' }),
      scrape({ forwarded: 'for=203.0.113.9' }),
    ]) {
      const res = await refused;
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect(res.body).not.toContain('parley_http_requests_total');
    }
  });

  it('counts requests by route pattern and status, never by raw URL', async () => {
    for (let i = 0; i < 3; i++)
      expect((await call(env.app, 'GET', `/matters/${w.open.id}`, { as: w.alice })).statusCode).toBe(200);
    expect((await call(env.app, 'GET', `/matters/${w.restricted.id}`, { as: w.carol })).statusCode).toBe(404);
    await call(env.app, 'GET', '/no/such/place/123');
    const res = await scrape();
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const ok = 'parley_http_requests_total{method="GET",route="/api/v1/matters/:id",status="200"}';
    expect(sample(text, ok)).toBe(3);
    expect(
      sample(text, 'parley_http_requests_total{method="GET",route="/api/v1/matters/:id",status="404"}'),
    ).toBe(1);
    expect(sample(text, 'parley_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(
      sample(
        text,
        'parley_http_request_duration_seconds_count{method="GET",route="/api/v1/matters/:id",status="200"}',
      ),
    ).toBe(3);
    expect(text).not.toContain(w.open.id);
    expect(text).not.toContain('/no/such/place');
    expect(text).toContain('parley_process_cpu_seconds_total');
  });

  it('reports job queue depth and failures, audit rows pending seal, upload bytes and the pool', async () => {
    const failing = defineJob({
      name: 'test.metrics-failing',
      payload: z.object({}),
      handler: async () => {
        throw new PermanentJobError('refused by provider');
      },
    });
    await env.deps.db.execute(sql`delete from jobs`);
    await env.deps.db.transaction(async (tx) => {
      await env.deps.jobs.enqueue(tx, failing, {});
      await env.deps.jobs.enqueue(tx, failing, {});
    });
    const before = (await scrape()).body;
    expect(sample(before, 'parley_jobs_queued{state="due"}')).toBe(2);
    const worker = new JobWorker(env.deps, [failing], pino({ level: 'silent' }));
    expect(await worker.runOnce()).toBe(2);
    const bytes = Buffer.alloc(70_000, 7);
    const upload = await uploadFiles(env.app, w.alice, w.open.id, [
      { name: 'brief.pdf', type: 'application/pdf', content: bytes },
    ]);
    expect(upload.statusCode).toBe(201);

    const pending = await queryRows<{ n: string }>(
      env.deps.db,
      sql`select count(*)::text as n from audit_log where seq is null`,
    );
    expect(Number(pending[0]!.n)).toBeGreaterThan(0); // the upload's audit row: no sealer runs here
    const after = (await scrape()).body;
    expect(sample(after, 'parley_jobs_queued{state="due"}')).toBe(0);
    expect(sample(after, 'parley_job_failures_total{job="test.metrics-failing",outcome="gave_up"}')).toBe(2);
    expect(sample(after, 'parley_audit_rows_pending_seal')).toBe(Number(pending[0]!.n));
    expect(sample(after, 'parley_upload_bytes_total')).toBe(bytes.length);
    if (env.deps.database.kind === 'postgres')
      expect(sample(after, 'parley_db_pool_connections{state="total"}')).toBeGreaterThan(0);
  });

  it('reports open sockets and the realtime fan-out latency', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const address = env.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket = await connectEvents(
      `ws://127.0.0.1:${port}/api/v1/realtime?token=${encodeURIComponent(w.bob.token)}`,
    );
    try {
      const conversation = await call(env.app, 'POST', `/matters/${w.open.id}/conversations`, {
        as: w.alice,
        body: { kind: 'internal', staffIds: [w.bob.id] },
      });
      await call(env.app, 'POST', `/conversations/${conversation.json().id}/messages`, {
        as: w.alice,
        body: { body: 'measured' },
      });
      await socket.next(isMessage('measured'));
      const text = (await scrape()).body;
      expect(sample(text, 'parley_realtime_sockets_open')).toBe(1);
      expect(sample(text, 'parley_realtime_fanout_seconds_count')).toBeGreaterThanOrEqual(1);
    } finally {
      socket.close();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  it('needs the bearer token (401 without or wrong), and then answers any peer', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const guarded = await createTestEnv({ env: { METRICS_TOKEN: token } });
    try {
      const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
        guarded.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong' },
        { authorization: token },
      ];
      for (const headers of attempts) {
        const res = await get(headers);
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('unauthenticated');
      }
      const ok = await get(
        { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' },
        '10.1.2.3',
      );
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('parley_http_requests_total');
    } finally {
      await guarded.close();
    }
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters at start', async () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16/);
  });
});
