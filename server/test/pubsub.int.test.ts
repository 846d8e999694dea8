import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresPubSub, type Signal } from '../src/platform/realtime/pubsub';
import { testDatabaseName, withDatabase } from './global-setup';

/** The LISTEN/NOTIFY bus on its own: batching under load keeps every signal, in publish order. */
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('PostgresPubSub', () => {
  let dbName: string;
  const pools: pg.Pool[] = [];
  let sender: PostgresPubSub;
  let receiver: PostgresPubSub;
  const received: Signal[] = [];

  beforeAll(async () => {
    dbName = testDatabaseName();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const log = pino({ level: 'silent' });
    for (let i = 0; i < 2; i++)
      pools.push(new pg.Pool({ connectionString: withDatabase(url!, dbName), max: 4 }));
    sender = new PostgresPubSub(pools[0]!, log);
    receiver = new PostgresPubSub(pools[1]!, log);
    await receiver.subscribe((signal) => received.push(signal));
  });

  afterAll(async () => {
    await sender.close();
    await receiver.close();
    for (const pool of pools) await pool.end();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it('delivers 500 signals published at once to another node, each once and in publish order', async () => {
    received.length = 0;
    const signals = Array.from({ length: 500 }, (_, i) => ({ type: 'test.burst', n: i }));
    await Promise.all(signals.map((s) => sender.publish(s)));
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(500);
    expect(received.map((s) => s.n)).toEqual(signals.map((s) => s.n));
  });

  it("the sender's own subscribers get its signals once, directly, and the other node's once too", async () => {
    const own: Signal[] = [];
    const mine = new PostgresPubSub(pools[0]!, pino({ level: 'silent' }));
    await mine.subscribe((signal) => own.push(signal));
    received.length = 0;
    const signals = Array.from({ length: 50 }, (_, i) => ({ type: 'test.own', n: i }));
    await Promise.all(signals.map((s) => mine.publish(s)));
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(50);
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything echoed back would be here by now
    expect(own.map((s) => s.n)).toEqual(signals.map((s) => s.n));
    expect(own.every((s) => !('origin' in s)) && received.every((s) => !('origin' in s))).toBe(true);
    await mine.close();
  });

  it('a signal too big for NOTIFY fails alone; the ones sent with it arrive', async () => {
    received.length = 0;
    const results = await Promise.allSettled([
      sender.publish({ type: 'test.before', n: 1 }),
      sender.publish({ type: 'test.huge', text: 'x'.repeat(9000) }),
      sender.publish({ type: 'test.after', n: 2 }),
      sender.publish({ type: 'test.after', n: 3 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(3);
    expect(received.map((s) => s.type)).toEqual(['test.before', 'test.after', 'test.after']);
  });
});
