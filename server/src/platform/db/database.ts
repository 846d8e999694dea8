import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, fillPlaceholders, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDirLock, type DirLock } from './dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

let journal: Promise<number[]> | undefined;
/**
 * How many of this build's migrations the database has not applied (0: up to date). drizzle's
 * migrator applies every migration newer than the newest `created_at` it recorded, so that is the test.
 */
export async function pendingMigrations(q: Queryable): Promise<number> {
  journal ??= fs
    .readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')
    .then((text) => (JSON.parse(text) as { entries: { when: number }[] }).entries.map((e) => e.when));
  const applied = await queryRows<{ last: string | null }>(
    q,
    sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`,
  ).catch(() => [{ last: null }]);
  const last = Number(applied[0]?.last ?? 0);
  return (await journal).filter((when) => when > last).length;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** true while the database answers a trivial query. */
  ping(): Promise<boolean>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole database as a gzipped tarball, taken between transactions after a
   * CHECKPOINT (tests load it per file; `npm run backup` stores it).
   */
  dumpDataDir?(): Promise<Blob>;
  /** PostgreSQL only: the connection string (for pg_dump). */
  url?: string;
  /** The raw pg pool (PostgreSQL only), for LISTEN/NOTIFY. */
  pool?: pg.Pool;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `loadDataDir`: a tarball from `dumpDataDir` to create the database from (the directory must hold none). */
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Named statements (`queryRowsPrepared`) are our hot, id-driven queries: plan them once per
    // connection rather than let PostgreSQL re-plan long CTE statements on every run. (A startup
    // option: a pooler such as pgbouncer in transaction mode would have to allow it, or drop it.)
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    url,
    ping: () => pingWith(() => pool.query('select 1')),
    migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
    close: () => pool.end(),
  };
}

async function openPglite(options: Exclude<DatabaseOptions, { kind: 'postgres' }>): Promise<Database> {
  let lock: DirLock | undefined;
  let client: PGlite;
  if (options.kind === 'pglite') {
    await fs.mkdir(options.dataDir, { recursive: true });
    lock = await acquireDirLock(options.dataDir);
    try {
      client = await PGlite.create(
        options.dataDir,
        options.loadDataDir ? { loadDataDir: options.loadDataDir } : {},
      );
    } catch (error) {
      await lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    ping: () => pingWith(() => client.query('select 1')),
    // Inside a (read-only) transaction of its own: PGlite runs one transaction at a time, so no
    // other one is half done in the copy.
    dumpDataDir: () =>
      client.transaction(async (tx) => {
        await tx.exec('CHECKPOINT');
        return (await client.dumpDataDir('gzip')) as Blob;
      }),
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    close: async () => {
      await client.close();
      await lock?.release();
    },
  };
}

async function pingWith(query: () => Promise<unknown>): Promise<boolean> {
  try {
    await query();
    return true;
  } catch {
    return false;
  }
}

/** A Postgres text[] literal as ONE bind parameter (drizzle would expand a JS array into a list). */
export const textArray = (values: string[]) =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** Raw SQL for what the query builder cannot say; both drivers answer `{rows}`. */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * `queryRows` as a NAMED prepared statement on PostgreSQL (outside a transaction): each pooled
 * connection parses and plans it once and keeps that generic plan (see the pool options), so a hot
 * query of many joins stops paying its planning time (for the portal access check: ~0.8 ms of
 * planning for ~0.1 ms of execution). The name is derived from the SQL text, so give it a query
 * whose text does not vary with its values (e.g. `= any(array)` rather than `in (list)`).
 * PGlite and transactions: the plain `queryRows`.
 */
export async function queryRowsPrepared<T>(q: Queryable, query: SQL): Promise<T[]> {
  const pool = poolOf(q);
  if (!pool) return queryRows<T>(q, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return runNamed<T>(pool, { text, name: statementName(text) }, params);
}

/** The pool behind `q` when it is PostgreSQL outside a transaction (named statements are per connection). */
export const poolOf = (q: Queryable) => {
  const client = (q as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
};
const statementName = (text: string) =>
  `parley_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

async function runNamed<T>(pool: pg.Pool, statement: { text: string; name: string }, values: unknown[]) {
  const result = await pool.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}

/**
 * A hot statement built ONCE per shape, with `sql.placeholder(name)` for every value that varies,
 * then run with values only: no query building per call. EVERY per-call value must be a
 * placeholder (a value written into the built SQL would be reused for every later call of that
 * shape); the shape key must name everything else the built SQL depends on. On PostgreSQL outside a
 * transaction it runs as a named prepared statement (see `queryRowsPrepared`).
 */
export class CompiledStatements {
  private readonly shapes = new Map<string, { text: string; params: unknown[]; name: string }>();

  async rows<T>(
    q: Queryable,
    shape: string,
    build: () => SQL,
    values: Record<string, unknown>,
  ): Promise<T[]> {
    let compiled = this.shapes.get(shape);
    if (!compiled) {
      const { sql: text, params } = dialect.sqlToQuery(build());
      compiled = { text, params, name: statementName(text) };
      this.shapes.set(shape, compiled);
    }
    const params = fillPlaceholders(compiled.params, values);
    const pool = poolOf(q);
    if (pool) return runNamed<T>(pool, compiled, params);
    return queryRows<T>(q, withParams(compiled.text, params));
  }
}

/** Compiled text and its values back as drizzle SQL (transactions, PGlite). */
function withParams(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}
