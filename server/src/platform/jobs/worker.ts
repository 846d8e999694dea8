import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Deps } from '../../deps';
import { queryRows } from '../db/database';
import type { JobDefinition } from './queue';

export interface WorkerOptions {
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed job stays locked before another worker may retry it. */
  lockMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Exponential backoff with jitter: base·2^(attempt-1), capped, ±20 %. */
export function backoffMs(attempt: number, base: number, max: number, random = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + random() * 0.4));
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims due jobs with `FOR UPDATE SKIP LOCKED` (several workers, on any node, never run the same
 * job at once), runs them, and marks them done, or reschedules with backoff, or gives up.
 */
export class JobWorker {
  private readonly id = randomUUID();
  private readonly definitions = new Map<string, JobDefinition>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;
  private readonly opts: Required<WorkerOptions>;

  constructor(
    private readonly deps: Deps,
    definitions: JobDefinition[],
    private readonly log: Logger,
    options: WorkerOptions = {},
  ) {
    for (const d of definitions) this.definitions.set(d.name, d);
    this.opts = {
      pollMs: 1000,
      batchSize: 10,
      lockMs: 5 * 60_000,
      baseBackoffMs: 2000,
      maxBackoffMs: 60 * 60_000,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Run soon (after a local enqueue), instead of waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.wakeRequested ? 0 : this.opts.pollMs);
        this.wakeRequested = false;
      });
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      while (!this.stopped && (await this.runOnce()) > 0) {
        // keep draining while there is work
      }
    } catch (error) {
      this.log.error({ err: error }, 'job worker tick failed');
    }
  }

  /** Claim and run one batch of due jobs; returns how many ran. */
  async runOnce(): Promise<number> {
    const db = this.deps.db;
    const lockedUntil = new Date(Date.now() + this.opts.lockMs);
    const claimed = await queryRows<ClaimedJob>(
      db,
      sql`
      update jobs set locked_until = ${lockedUntil}, locked_by = ${this.id}, attempts = attempts + 1
      where id in (
        select id from jobs
        where done_at is null and failed_at is null and run_at <= now()
          and (locked_until is null or locked_until < now())
        order by run_at, id
        limit ${this.opts.batchSize}
        for update skip locked)
      returning id, name, payload, attempts, max_attempts`,
    );
    for (const job of claimed) await this.runJob(job);
    return claimed.length;
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const db = this.deps.db;
    const definition = this.definitions.get(job.name);
    // A payload holding a secret (a link, a code) is blanked once the job is done or given up.
    const redact = definition?.redactWhenDone ? sql`, payload = '{"redacted":true}'::jsonb` : sql``;
    try {
      if (!definition) throw new Error(`no handler for job "${job.name}"`);
      const payload = definition.payload.parse(job.payload);
      await definition.handler(this.deps, payload, job.attempts);
      await db.execute(
        sql`update jobs set done_at = now(), locked_until = null, last_error = null${redact} where id = ${job.id}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = (error as { permanent?: boolean }).permanent === true;
      const gaveUp = permanent || job.attempts >= job.max_attempts;
      this.deps.metrics.jobFailures.inc({ job: job.name, outcome: gaveUp ? 'gave_up' : 'retry' });
      if (gaveUp) {
        this.log.error(
          { job: job.name, jobId: job.id, attempts: job.attempts, error: message },
          'job gave up',
        );
        await db.execute(
          sql`update jobs set failed_at = now(), locked_until = null, last_error = ${message}${redact} where id = ${job.id}`,
        );
        return;
      }
      const delay = backoffMs(job.attempts, this.opts.baseBackoffMs, this.opts.maxBackoffMs);
      this.log.warn(
        { job: job.name, jobId: job.id, attempts: job.attempts, retryInMs: delay, error: message },
        'job failed, will retry',
      );
      await db.execute(sql`
        update jobs set run_at = ${new Date(Date.now() + delay)}, locked_until = null, last_error = ${message}
        where id = ${job.id}`);
    }
  }
}

/** Throw this from a handler to give up at once (e.g. a 4xx from a provider). */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
