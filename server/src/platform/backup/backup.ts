import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { AdminCommandFailed, defineAdminCommand } from '../admin-socket';
import { queryRows } from '../db/database';
import {
  BackupError,
  type BackupManifest,
  BLOB_LIST,
  type BlobEntry,
  blobFile,
  blobSource,
  eachLimit,
  hashFile,
  MANIFEST,
  SECRETS_FILE,
  syncDir,
  writeDurably,
  writeHashed,
} from './backup-files';
import { runPgTool } from './pg-tools';

export type BackupDeps = Pick<Deps, 'config' | 'database' | 'db' | 'blobs' | 'secrets' | 'log'>;

export interface BackupResult {
  dir: string;
  database: 'pglite' | 'postgres';
  databaseBytes: number;
  blobs: number;
  blobBytes: number;
  blobsCopied: boolean;
  secretsKey: 'file' | 'environment';
  seconds: number;
}

/**
 * A consistent backup of a running (or stopped) Parley into `dir`, which must be empty or absent.
 *
 * 1. The database first: PGlite's data directory as a tarball taken between transactions (after a
 *    CHECKPOINT), or `pg_dump --format=custom` (one snapshot of its own).
 * 2. Then the list of blobs, read AFTER the database: blob rows are never deleted and a blob's
 *    bytes are stored before the transaction that references them commits, so this list covers
 *    every document in the dump (blobs added meanwhile are extra, and harmless). On the local store
 *    the bytes are copied and each copy's SHA-256 checked against the row; on S3 the list is the
 *    manifest of what the bucket must hold (the bucket is backed up by its own means).
 * 3. `secrets.key` (unless SECRETS_KEY comes from the environment), then `parley-backup.json` last.
 */
export async function createBackup(deps: BackupDeps, dir: string): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(dir);
  await prepareEmptyDir(target);

  const database = await dumpDatabase(deps, target);
  const [migration] = await queryRows<{ last: string | null }>(
    deps.db,
    sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  const blobs = await queryRows<{ key: string; sha256: string; size: string }>(
    deps.db,
    sql`select distinct on (storage_key) storage_key as key, sha256, size::text as size
        from blobs order by storage_key`,
  );
  const entries: BlobEntry[] = blobs.map((b) => ({ key: b.key, sha256: b.sha256, size: Number(b.size) }));
  await writeDurably(path.join(target, BLOB_LIST), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const copied = deps.blobs.kind === 'local';
  if (copied) await copyBlobs(deps, target, entries);

  const fromEnvironment = Boolean(deps.config.SECRETS_KEY);
  if (!fromEnvironment) {
    const key = await fs.readFile(path.join(deps.config.DATA_DIR, SECRETS_FILE));
    await writeDurably(path.join(target, SECRETS_FILE), key);
  }

  const blobBytes = entries.reduce((sum, e) => sum + e.size, 0);
  const manifest: BackupManifest = {
    format: 'parley-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    database,
    migration: Number(migration?.last ?? 0),
    blobs: { store: deps.blobs.kind, count: entries.length, bytes: blobBytes, copied },
    secretsKey: { source: fromEnvironment ? 'environment' : 'file', keyId: deps.secrets.keyId },
  };
  await writeDurably(path.join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, 0o644);
  const result: BackupResult = {
    dir: target,
    database: database.kind,
    databaseBytes: database.bytes,
    blobs: entries.length,
    blobBytes,
    blobsCopied: copied,
    secretsKey: manifest.secretsKey.source,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  deps.log.info(result, 'backup written');
  return result;
}

async function prepareEmptyDir(dir: string) {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const present = await fs.readdir(dir);
  if (present.length > 0)
    throw new BackupError(`${dir} is not empty: give a new or empty directory for the backup`);
}

async function dumpDatabase(deps: BackupDeps, dir: string): Promise<BackupManifest['database']> {
  if (deps.database.kind === 'postgres') {
    const file = path.join(dir, 'database.pgdump');
    await runPgTool('pg_dump', deps.database.url!, ['--format=custom', '--file', file]);
    await syncFile(file);
    return { kind: 'postgres', file: 'database.pgdump', ...(await hashFile(file)) };
  }
  if (!deps.database.dumpDataDir) throw new BackupError('this database cannot be dumped');
  const tarball = await deps.database.dumpDataDir();
  const written = await writeHashed(path.join(dir, 'database.tar.gz'), blobSource(tarball));
  return { kind: 'pglite', file: 'database.tar.gz', ...written };
}

async function copyBlobs(deps: BackupDeps, dir: string, entries: BlobEntry[]) {
  const problems: string[] = [];
  await eachLimit(entries, 4, async (entry) => {
    const file = blobFile(dir, entry.key);
    try {
      const copy = await writeHashed(file, await deps.blobs.read(entry.key));
      if (copy.sha256 !== entry.sha256) problems.push(`${entry.key}: its bytes do not match its SHA-256`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`${entry.key}: ${code === 'ENOENT' ? 'missing from the blob store' : String(error)}`);
    }
  });
  const dirs = new Set(entries.map((e) => path.dirname(blobFile(dir, e.key))));
  for (const d of dirs) await syncDir(d).catch(() => {});
  if (problems.length > 0)
    throw new BackupError(
      `${problems.length} of ${entries.length} blobs could not be backed up (no manifest written):\n  ${problems.slice(0, 20).join('\n  ')}`,
    );
}

async function syncFile(file: string) {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `backup` as an admin command (`platform/admin-socket.ts`): a running embedded Parley takes its own
 * backup when `npm run backup` asks through DATA_DIR/parley.sock (PGlite is one process); otherwise
 * the CLI runs the same function on deps of its own. The directory is resolved by the CLI.
 */
export const backupCommand = defineAdminCommand({
  name: 'backup',
  args: z.object({ dir: z.string().min(1).refine(path.isAbsolute, 'must be an absolute path') }),
  run: async (deps, { dir }) => {
    try {
      return await createBackup(deps, dir);
    } catch (error) {
      if (error instanceof BackupError) throw new AdminCommandFailed('backup_refused', error.message);
      throw error;
    }
  },
});
