import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../db/database';
import { AppError } from './errors';

/**
 * Fixed-window counters in the database, so every server node shares them.
 * `hit` counts one event and throws 429 `rate_limited` (with Retry-After) once over the limit.
 */
export async function hitRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<void> {
  const windowStartCutoff = new Date(now.getTime() - windowMs);
  const result = await queryRows<{ window_start: string | Date; count: number }>(
    db,
    sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      window_start = case when rate_limits.window_start <= ${windowStartCutoff} then ${now} else rate_limits.window_start end,
      count = case when rate_limits.window_start <= ${windowStartCutoff} then 1 else rate_limits.count + 1 end
    returning window_start, count`,
  );
  const row = result[0];
  if (row && Number(row.count) > limit) throw tooMany(new Date(row.window_start), windowMs, now);
}

/** Throws 429 if the key is already at its limit, without counting. */
export async function checkRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<void> {
  const [row] = await queryRows<{ window_start: string | Date; count: number }>(
    db,
    sql`select window_start, count from rate_limits where key = ${key}`,
  );
  if (!row) return;
  const start = new Date(row.window_start);
  if (start.getTime() > now.getTime() - windowMs && Number(row.count) >= limit)
    throw tooMany(start, windowMs, now);
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
