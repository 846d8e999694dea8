import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../db/database';
import { AppError } from '../errors';

/** An attempt counted against a limit before the check it guards; `release` gives the slot back. */
export interface Reservation {
  /** For an attempt that turned out not to count (a right code): its slot is free again. */
  release(): Promise<void>;
}

/**
 * Fixed-window counters in the database, so every server node shares them. Reserve, then verify:
 * the attempt takes a slot in ONE statement (insert, or increment only while under the limit, under
 * the row's lock) BEFORE any password or code is checked, so however many requests race, at most
 * `limit` per window get to the check; the others get 429 `rate_limited` with Retry-After. A slot
 * is released only by an attempt that turned out to be right; a wrong one keeps it (a failure).
 * The count never passes `limit`, so it is exactly the attempts that were let through.
 */
export async function reserveAttempt(
  db: Queryable,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<Reservation> {
  const cutoff = new Date(now.getTime() - windowMs);
  const [row] = await queryRows<{ window_start: string | Date }>(
    db,
    sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      window_start = case when rate_limits.window_start <= ${cutoff} then ${now} else rate_limits.window_start end,
      count = case when rate_limits.window_start <= ${cutoff} then 1 else rate_limits.count + 1 end
    where rate_limits.window_start <= ${cutoff} or rate_limits.count < ${limit}
    returning window_start`,
  );
  if (!row) {
    const [full] = await queryRows<{ window_start: string | Date }>(
      db,
      sql`select window_start from rate_limits where key = ${key}`,
    );
    throw tooMany(full ? new Date(full.window_start) : now, windowMs, now);
  }
  const windowStart = new Date(row.window_start);
  return {
    release: async () => {
      await db.execute(
        sql`update rate_limits set count = count - 1 where key = ${key} and window_start = ${windowStart} and count > 0`,
      );
    },
  };
}

export async function resetRateLimit(db: Queryable, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

function tooMany(windowStart: Date, windowMs: number, now: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return new AppError('rate_limited', `Too many attempts. Try again in ${retryAfter} seconds.`, undefined, {
    'retry-after': String(retryAfter),
  });
}
