import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobs } from '../src/platform/db/schema';
import { defineJob, MemoryJobQueue } from '../src/platform/jobs/queue';
import { backoffMs, JobWorker, PermanentJobError } from '../src/platform/jobs/worker';
import { createTestEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const silent = pino({ level: 'silent' });
const ran: string[] = [];
let failuresLeft = 0;

const echo = defineJob({
  name: 'test.echo',
  payload: z.object({ text: z.string() }),
  handler: async (_deps, payload) => {
    ran.push(payload.text);
  },
});
const flaky = defineJob({
  name: 'test.flaky',
  payload: z.object({ text: z.string() }),
  maxAttempts: 3,
  handler: async (_deps, payload) => {
    if (failuresLeft-- > 0) throw new Error('provider down');
    ran.push(payload.text);
  },
});
const rejected = defineJob({
  name: 'test.rejected',
  payload: z.object({}),
  handler: async () => {
    throw new PermanentJobError('400 from provider');
  },
});

const worker = () =>
  new JobWorker(env.deps, [echo, flaky, rejected], silent, { baseBackoffMs: 1, maxBackoffMs: 5 });
const dueNow = () =>
  env.deps.db.execute(sql`update jobs set run_at = now() where done_at is null and failed_at is null`);

describe('job queue', () => {
  it('enqueues inside the caller transaction: a rollback leaves no job', async () => {
    await env.deps.db
      .transaction(async (tx) => {
        await env.deps.jobs.enqueue(tx, echo, { text: 'lost' });
        throw new Error('rollback');
      })
      .catch(() => {});
    const [row] = await env.deps.db.select().from(jobs).where(sql`payload->>'text' = 'lost'`);
    expect(row).toBeUndefined();
  });

  it('runs a committed job once and marks it done', async () => {
    await env.deps.db.transaction((tx) => env.deps.jobs.enqueue(tx, echo, { text: 'hello' }));
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);
    expect(ran).toContain('hello');
    const [row] = await env.deps.db.select().from(jobs).where(sql`payload->>'text' = 'hello'`);
    expect(row!.doneAt).not.toBeNull();
    expect(row!.attempts).toBe(1);
  });

  it('retries with backoff until it succeeds', async () => {
    failuresLeft = 2;
    await env.deps.db.transaction((tx) => env.deps.jobs.enqueue(tx, flaky, { text: 'eventually' }));
    const w = worker();
    await w.runOnce();
    const [afterFirst] = await env.deps.db.select().from(jobs).where(sql`payload->>'text' = 'eventually'`);
    expect(afterFirst!.lastError).toBe('provider down');
    expect(afterFirst!.doneAt).toBeNull();
    for (let i = 0; i < 2; i++) {
      await dueNow();
      await w.runOnce();
    }
    const [row] = await env.deps.db.select().from(jobs).where(eq(jobs.id, afterFirst!.id));
    expect(row!.doneAt).not.toBeNull();
    expect(row!.attempts).toBe(3);
    expect(ran).toContain('eventually');
  });

  it('gives up after maxAttempts, and at once on a permanent error', async () => {
    failuresLeft = 100;
    await env.deps.db.transaction(async (tx) => {
      await env.deps.jobs.enqueue(tx, flaky, { text: 'never' });
      await env.deps.jobs.enqueue(tx, rejected, {});
    });
    const w = worker();
    for (let i = 0; i < 4; i++) {
      await dueNow();
      await w.runOnce();
    }
    const failed = await env.deps.db.select().from(jobs).where(sql`failed_at is not null`);
    const byName = Object.fromEntries(failed.map((j) => [j.name, j]));
    expect(byName['test.flaky']!.attempts).toBe(3);
    expect(byName['test.rejected']!.attempts).toBe(1);
    expect(byName['test.rejected']!.lastError).toBe('400 from provider');
    failuresLeft = 0;
  });

  it('deduplicates pending jobs by key', async () => {
    await env.deps.db.transaction(async (tx) => {
      await env.deps.jobs.enqueue(tx, echo, { text: 'once' }, { dedupeKey: 'k1' });
      await env.deps.jobs.enqueue(tx, echo, { text: 'once' }, { dedupeKey: 'k1' });
    });
    const rows = await env.deps.db.select().from(jobs).where(eq(jobs.dedupeKey, 'k1'));
    expect(rows).toHaveLength(1);
  });

  it('two workers never run the same job twice', async () => {
    const before = ran.length;
    await env.deps.db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) await env.deps.jobs.enqueue(tx, echo, { text: `parallel-${i}` });
    });
    const a = worker();
    const b = worker();
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    while ((await a.runOnce()) > 0);
    const texts = ran.slice(before).filter((t) => t.startsWith('parallel-'));
    expect(texts).toHaveLength(20);
    expect(new Set(texts).size).toBe(20);
  });

  it('picks up a job whose worker died (lock expired)', async () => {
    await env.deps.db.transaction((tx) => env.deps.jobs.enqueue(tx, echo, { text: 'orphan' }));
    await env.deps.db.execute(sql`
      update jobs set locked_until = now() - interval '1 second', attempts = 1, locked_by = 'dead'
      where payload->>'text' = 'orphan'`);
    await worker().runOnce();
    expect(ran).toContain('orphan');
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and a cap', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, 1000, 60_000, mid)).toBe(1000);
    expect(backoffMs(2, 1000, 60_000, mid)).toBe(2000);
    expect(backoffMs(5, 1000, 60_000, mid)).toBe(16000);
    expect(backoffMs(30, 1000, 60_000, mid)).toBe(60000);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(4800);
  });
});

describe('the synchronous driver', () => {
  it('keeps jobs in memory and runs them on drain', async () => {
    const queue = new MemoryJobQueue();
    await queue.enqueue(env.deps.db, echo, { text: 'memory' });
    expect(queue.pending).toHaveLength(1);
    expect(await queue.drain(env.deps)).toBe(1);
    expect(ran).toContain('memory');
    await expect(queue.enqueue(env.deps.db, echo, { text: 5 } as never)).rejects.toThrow();
  });
});
