import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database';

/**
 * Migrate once per run (STYLE.md "fast, real integration tests"):
 * - PGlite: migrate an in-memory database, dumpDataDir() it to a file; each test file loads it.
 * - PostgreSQL (TEST_DATABASE_URL): migrate a template database; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    // Every database of this run starts with `parley_run<pid>_`, so concurrent runs on one server
    // (other worktrees, CI jobs) never drop each other's databases.
    const template = `parley_run${process.pid}_template`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ kind: 'postgres', url: withDatabase(url, template), poolSize: 1 });
    await database.migrate();
    await database.close();
    project.provide('pgTemplate', template);
    return async () => {
      // Drop the template and any clone a crashed test file left behind.
      // Only this run's databases: other runs (other worktrees) may share the server.
      const leftovers = await admin.query<{ datname: string }>(
        `select datname from pg_database where starts_with(datname, $2) or datname = $1`,
        [template, `parley_run${process.pid}_`],
      );
      for (const row of leftovers.rows)
        await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const dump = await database.dumpDataDir!();
  await database.close();
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'parley-snapshot-')), 'db.tar.gz');
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return async () => fs.rm(path.dirname(file), { recursive: true, force: true });
}

/** A fresh clone name for this run (see the teardown above), e.g. `parley_run1234_<uuid>`. */
export function testDatabaseName(): string {
  return `${inject('pgTemplate').replace(/template$/, '')}${randomUUID().replaceAll('-', '')}`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}
