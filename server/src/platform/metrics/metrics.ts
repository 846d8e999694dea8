import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BlobStore } from '../blobs/blob-store';
import { type Db, queryRows } from '../db/database';

/** What the collectors read at scrape time (set once the parts exist: see `Metrics.watch`). */
export interface MetricSources {
  db: Db;
  pool?: pg.Pool;
  socketsOpen(): number;
}

/**
 * This node's Prometheus metrics (`GET /metrics`), one registry per process (per test app), names
 * prefixed `parley_`. Counters and histograms are fed where things happen (HTTP hook, job worker,
 * realtime hub, blob staging); gauges of shared state (job queue, audit rows waiting for their seal)
 * are read from the database when scraped, through partial indexes, so every node reports the same.
 */
export class Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;

  readonly httpRequests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'parley_job_failures_total',
    help: 'Job attempts that failed on this node, by job and outcome (retry later, or gave up)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly fanout = new Histogram({
    name: 'parley_realtime_fanout_seconds',
    help: 'From a realtime signal reaching this node to its events sent to every socket here that may see them',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1],
    registers: [this.registry],
  });
  readonly uploadBytes = new Counter({
    name: 'parley_upload_bytes_total',
    help: 'File bytes received and made durable in staging (tus and multipart uploads)',
    registers: [this.registry],
  });

  private processMetrics = false;

  constructor() {
    const metrics = this;
    new Gauge({
      name: 'parley_realtime_sockets_open',
      help: 'Realtime WebSockets open on this node',
      registers: [this.registry],
      collect() {
        this.set(metrics.sources?.socketsOpen() ?? 0);
      },
    });
    new Gauge({
      name: 'parley_jobs_queued',
      help: 'Jobs not done and not given up, by whether they are due now (shared by all nodes)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        if (!metrics.sources) return;
        const [row] = await queryRows<{ due: string; later: string }>(
          metrics.sources.db,
          sql`select count(*) filter (where run_at <= now())::text as due,
                     count(*) filter (where run_at > now())::text as later
              from jobs where done_at is null and failed_at is null`,
        );
        this.set({ state: 'due' }, Number(row?.due ?? 0));
        this.set({ state: 'scheduled' }, Number(row?.later ?? 0));
      },
    });
    new Gauge({
      name: 'parley_audit_rows_pending_seal',
      help: 'Audit rows appended but not yet hash-chained (shared by all nodes)',
      registers: [this.registry],
      async collect() {
        if (!metrics.sources) return;
        const [row] = await queryRows<{ n: string }>(
          metrics.sources.db,
          sql`select count(*)::text as n from audit_log where seq is null`,
        );
        this.set(Number(row?.n ?? 0));
      },
    });
    new Gauge({
      name: 'parley_db_pool_connections',
      help: 'PostgreSQL pool connections of this node: total open, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = metrics.sources?.pool;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  /** Where the scrape-time gauges read from (the composition root calls it once). */
  watch(sources: MetricSources) {
    this.sources = sources;
  }

  /** The text exposition format, for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    // The process's own (CPU, memory, event-loop lag, GC), from the first scrape on: an app that is
    // never scraped (tests) starts no monitor.
    if (!this.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
    this.processMetrics = true;
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A blob store that counts the bytes each append made durable. */
export function countUploadBytes(store: BlobStore, metrics: Metrics): BlobStore {
  const appendStaging: BlobStore['appendStaging'] = async (target, source, checkpoint) => {
    const end = await store.appendStaging(target, source, checkpoint);
    metrics.uploadBytes.inc(Math.max(0, end - target.offset));
    return end;
  };
  return new Proxy(store, {
    get(inner, property) {
      if (property === 'appendStaging') return appendStaging;
      const value: unknown = Reflect.get(inner, property, inner);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}
