import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';

/**
 * What travels between server nodes: ids, and optionally `payload` (the content a receiver would
 * otherwise read from the database, e.g. a message) when it fits the bus (see `onTheBus`). A node
 * still checks each recipient's access itself; without the payload it reloads by id.
 */
export type Signal = { type: string } & Record<string, string | number | string[] | undefined>;

/** Cross-node fan-out (DESIGN.md "Runtime shape"): one interface, an embedded driver and real ones. */
export interface PubSub {
  readonly kind: 'in-process' | 'postgres' | 'redis';
  /** Every subscriber on every node, this one included, gets the signal once. */
  publish(signal: Signal): Promise<void>;
  subscribe(handler: (signal: Signal) => void): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'parley_realtime';
/**
 * A node's own signals reach its subscribers directly (next tick, no round trip through the bus);
 * what goes on the bus names its sender so the sender ignores it coming back.
 */
const ORIGIN = 'origin';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; keep a margin. */
export const POSTGRES_PAYLOAD_LIMIT = 7_900;
/** Redis takes up to 512 MB; a signal stays small so one large message does not hold up the rest. */
export const REDIS_PAYLOAD_LIMIT = 64 * 1024;

/**
 * The signal as text for the bus, tagged with its sender: with its `payload` when the whole fits in
 * `limit` bytes, else without it (receivers reload by id). UTF-8 bytes are counted, not characters.
 */
export function onTheBus(signal: Signal, origin: string, limit: number): string {
  const full = JSON.stringify({ ...signal, [ORIGIN]: origin });
  if (signal.payload === undefined || Buffer.byteLength(full) <= limit) return full;
  const { payload: _dropped, ...rest } = signal;
  return JSON.stringify({ ...rest, [ORIGIN]: origin });
}
/** At most this many signals in one NOTIFY statement. */
const NOTIFY_BATCH = 200;

/** One process (PGlite, tests): a direct call on the next tick. */
export class InProcessPubSub implements PubSub {
  readonly kind = 'in-process';
  private handlers: ((signal: Signal) => void)[] = [];
  async publish(signal: Signal) {
    deliverHere(this.handlers, signal);
  }
  async subscribe(handler: (signal: Signal) => void) {
    this.handlers.push(handler);
  }
  async close() {
    this.handlers = [];
  }
}

function deliverHere(handlers: ((signal: Signal) => void)[], signal: Signal) {
  if (handlers.length === 0) return;
  const copy = JSON.parse(JSON.stringify(signal)) as Signal;
  setImmediate(() => {
    for (const handler of handlers) handler(copy);
  });
}

/** The signal from the bus, unless this sender published it (already delivered here). */
function fromOthers(text: string, self: string, log: Logger): Signal | undefined {
  const signal = parse(text, log);
  if (!signal || signal[ORIGIN] === self) return undefined;
  delete signal[ORIGIN];
  return signal;
}

function parse(text: string, log: Logger): Signal | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && typeof (value as Signal).type === 'string')
      return value as Signal;
  } catch {
    // fall through
  }
  log.warn('ignored a malformed realtime signal');
  return undefined;
}

/**
 * PostgreSQL LISTEN/NOTIFY: one dedicated connection listens; NOTIFY goes through the pool. If the
 * listening connection drops it reconnects (clients catch up with `?after=<seq>`).
 * Signals published while a NOTIFY is on its way go together in the next one (one round trip for
 * many posts under load, none waiting when idle), in publish order. (Postgres delivers identical
 * payloads of one statement once: harmless, a signal only says what to reload.)
 */
export class PostgresPubSub implements PubSub {
  readonly kind = 'postgres';
  private readonly origin = randomUUID();
  private listener: pg.PoolClient | undefined;
  private handlers: ((signal: Signal) => void)[] = [];
  private closed = false;
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  private queue: { text: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  publish(signal: Signal): Promise<void> {
    deliverHere(this.handlers, signal);
    return new Promise((resolve, reject) => {
      this.queue.push({ text: onTheBus(signal, this.origin, POSTGRES_PAYLOAD_LIMIT), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, NOTIFY_BATCH);
      try {
        await this.notify(batch.map((b) => b.text));
        for (const b of batch) b.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One bad signal (e.g. a payload over Postgres's 8000 bytes) must not fail the others.
        else for (const b of batch) await this.notify([b.text]).then(b.resolve, b.reject);
      }
    }
    this.flushing = false;
  }

  private async notify(payloads: string[]) {
    await this.pool.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [
      CHANNEL,
      payloads,
    ]);
  }

  async subscribe(handler: (signal: Signal) => void) {
    this.handlers.push(handler);
    if (!this.listener) await this.listen();
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    this.listener = client;
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      const signal = fromOthers(n.payload, this.origin, this.log);
      if (signal) for (const handler of this.handlers) handler(signal);
    });
    client.on('error', (error) => {
      if (this.listener !== client) return; // already released (closing, or replaced)
      this.log.warn({ err: error }, 'realtime LISTEN connection lost; reconnecting');
      this.listener = undefined;
      client.release(true);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => {}), 500).unref();
    });
    await client.query(`listen ${CHANNEL}`);
  }

  async close() {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      await client.query(`unlisten ${CHANNEL}`).catch(() => {});
      client.removeAllListeners('notification');
      client.on('error', () => {}); // a late error on a released client must not crash the process
      client.release();
    }
  }
}

/** Redis pub/sub (REDIS_URL) through ioredis: a subscriber connection and a publisher connection. */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis';
  private readonly origin = randomUUID();
  private handlers: ((signal: Signal) => void)[] = [];
  private subscribed = false;
  private readonly channel: string;
  private constructor(
    private readonly publisher: import('ioredis').Redis,
    private readonly subscriber: import('ioredis').Redis,
    private readonly log: Logger,
  ) {
    this.channel = CHANNEL;
  }

  static async connect(url: string, log: Logger): Promise<RedisPubSub> {
    const { Redis } = await import('ioredis');
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    for (const client of [publisher, subscriber]) {
      client.on('error', (error: Error) => log.warn({ err: error }, 'redis connection error'));
    }
    await Promise.all([publisher.connect(), subscriber.connect()]);
    return new RedisPubSub(publisher, subscriber, log);
  }

  async publish(signal: Signal) {
    deliverHere(this.handlers, signal);
    await this.publisher.publish(this.channel, onTheBus(signal, this.origin, REDIS_PAYLOAD_LIMIT));
  }

  async subscribe(handler: (signal: Signal) => void) {
    this.handlers.push(handler);
    if (this.subscribed) return;
    this.subscribed = true;
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const signal = fromOthers(text, this.origin, this.log);
      if (signal) for (const h of this.handlers) h(signal);
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close() {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
