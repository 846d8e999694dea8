import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../db/database';
import { jobs } from '../db/schema';

/**
 * A job: a name, a zod payload and a handler (STYLE.md `*.job.ts`). Handlers must be idempotent:
 * a job can run again if its worker died after the effect but before marking it done.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  maxAttempts?: number;
  /** The payload holds a secret (a sign-in link, a code): blank it once the job is done or given up. */
  redactWhenDone?: boolean;
  handler: (deps: Deps, payload: z.output<S>, attempt: number) => Promise<void>;
}

export const defineJob = <S extends z.ZodType>(job: JobDefinition<S>): JobDefinition =>
  job as unknown as JobDefinition;

export interface EnqueueOptions {
  firmId?: string | null;
  runAt?: Date;
  /** At most one pending job with this name and key: a second enqueue is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Where jobs go. Enqueue runs INSIDE the caller's transaction (DESIGN.md rule 7). */
export interface JobQueue {
  enqueue<S extends z.ZodType>(
    tx: Queryable,
    job: JobDefinition<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

/** The real queue: a row in `jobs`, committed or rolled back with the change that caused it. */
export class DbJobQueue implements JobQueue {
  constructor(private readonly onEnqueue: () => void = () => {}) {}

  async enqueue<S extends z.ZodType>(
    tx: Queryable,
    job: JobDefinition<S>,
    payload: z.input<S>,
    options: EnqueueOptions = {},
  ) {
    const parsed = job.payload.parse(payload);
    await tx
      .insert(jobs)
      .values({
        name: job.name,
        payload: parsed,
        firmId: options.firmId ?? null,
        runAt: options.runAt ?? new Date(),
        dedupeKey: options.dedupeKey ?? null,
        maxAttempts: options.maxAttempts ?? job.maxAttempts ?? 10,
      })
      .onConflictDoNothing();
    this.onEnqueue();
  }
}

/** The synchronous driver for unit tests: keeps jobs in memory; `drain()` runs them in order. */
export class MemoryJobQueue implements JobQueue {
  readonly pending: { job: JobDefinition; payload: unknown; options: EnqueueOptions }[] = [];

  async enqueue<S extends z.ZodType>(
    _tx: Queryable,
    job: JobDefinition<S>,
    payload: z.input<S>,
    options: EnqueueOptions = {},
  ) {
    this.pending.push({ job: job as unknown as JobDefinition, payload: job.payload.parse(payload), options });
  }

  async drain(deps: Deps): Promise<number> {
    let ran = 0;
    while (this.pending.length > 0) {
      const next = this.pending.shift()!;
      await next.job.handler(deps, next.payload, 1);
      ran++;
    }
    return ran;
  }
}
