import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/src/platform/db/database';

export const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A migrated PostgreSQL database of the benchmark's own (and a data directory), dropped afterwards
 * whatever happens (BENCH_KEEP_DATABASE=1 keeps it, e.g. for EXPLAIN ANALYZE by hand).
 */
export async function withBenchDatabase(
  prefix: string,
  body: (url: string, dataDir: string) => Promise<void>,
): Promise<void> {
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-bench-'));
  try {
    const migrator = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    await migrator.migrate();
    await migrator.close();
    await body(url, dataDir);
  } finally {
    if (process.env.BENCH_KEEP_DATABASE) process.stderr.write(`kept database ${name}\n`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
