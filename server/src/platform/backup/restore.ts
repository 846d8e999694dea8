import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { createBlobStore } from '../blobs';
import type { BlobStore } from '../blobs/blob-store';
import { parseSecretsKey, SecretBox } from '../crypto/secret-box';
import { openDatabase, queryRows } from '../db/database';
import {
  BackupError,
  type BackupManifest,
  BLOB_LIST,
  type BlobEntry,
  blobFile,
  eachLimit,
  hashFile,
  MANIFEST,
  SECRETS_FILE,
  syncDir,
  writeDurably,
  writeHashed,
} from './backup-files';
import { runPgTool } from './pg-tools';

export interface RestoreResult {
  database: 'pglite' | 'postgres';
  blobs: number;
  blobsCopied: boolean;
  secretsKey: 'file' | 'environment';
  createdAt: string;
}

/**
 * Restores a backup made by `createBackup` into THIS configuration's empty database (DATA_DIR/db
 * for the embedded one, or the empty database DATABASE_URL names) and its blob store. Refuses a
 * target that holds data, a running embedded Parley (its directory lock), an incomplete or changed
 * backup (manifest missing, SHA-256 of the dump or of a blob not as recorded), and a SECRETS_KEY
 * other than the one the backup's secrets were sealed with. `npm start` afterwards migrates as usual.
 */
export async function restoreBackup(config: Config, dir: string): Promise<RestoreResult> {
  const source = path.resolve(dir);
  const manifest = await readManifest(source);
  const dump = path.join(source, manifest.database.file);
  const { sha256 } = await hashFile(dump).catch(() => {
    throw new BackupError(`${dump} is missing: the backup is incomplete`);
  });
  if (sha256 !== manifest.database.sha256)
    throw new BackupError(
      `${dump} does not match the SHA-256 in ${MANIFEST}: the backup was changed or damaged`,
    );
  await checkSecrets(config, source, manifest);
  const entries = await readBlobList(source, manifest);

  if (manifest.database.kind === 'pglite') await restorePglite(config, dump);
  else await restorePostgres(config, dump);

  const blobs = createBlobStore(config);
  if (manifest.blobs.copied) await copyBlobsIn(config, blobs, source, entries);
  else await checkBlobsPresent(blobs, entries);

  if (manifest.secretsKey.source === 'file' && !config.SECRETS_KEY) {
    const target = path.join(config.DATA_DIR, SECRETS_FILE);
    const key = await fs.readFile(path.join(source, SECRETS_FILE));
    const existing = await fs.readFile(target).catch(() => undefined);
    if (!existing) await writeDurably(target, key);
  }
  return {
    database: manifest.database.kind,
    blobs: entries.length,
    blobsCopied: manifest.blobs.copied,
    secretsKey: manifest.secretsKey.source,
    createdAt: manifest.createdAt,
  };
}

async function readManifest(dir: string): Promise<BackupManifest> {
  const text = await fs.readFile(path.join(dir, MANIFEST), 'utf8').catch(() => {
    throw new BackupError(
      `${dir} has no ${MANIFEST}: it is not a Parley backup, or the backup did not finish`,
    );
  });
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 'parley-backup' || manifest.version !== 1)
    throw new BackupError(`${path.join(dir, MANIFEST)} is not a backup this version of Parley can restore`);
  return manifest;
}

/** The key the restored secrets were sealed with must be the one this installation will use. */
async function checkSecrets(config: Config, dir: string, manifest: BackupManifest) {
  const expected = manifest.secretsKey.keyId;
  let keyId: string | undefined;
  if (config.SECRETS_KEY) keyId = new SecretBox(config.SECRETS_KEY).keyId;
  else if (manifest.secretsKey.source === 'file') {
    const key = parseSecretsKey(await fs.readFile(path.join(dir, SECRETS_FILE), 'utf8'));
    if (typeof key === 'string') throw new BackupError(`${path.join(dir, SECRETS_FILE)} ${key}`);
    keyId = new SecretBox(key).keyId;
    const existing = await fs
      .readFile(path.join(config.DATA_DIR, SECRETS_FILE), 'utf8')
      .catch(() => undefined);
    const current = existing === undefined ? undefined : parseSecretsKey(existing);
    if (current instanceof Buffer && new SecretBox(current).keyId !== keyId)
      throw new BackupError(
        `${path.join(config.DATA_DIR, SECRETS_FILE)} holds another key (id ${new SecretBox(current).keyId}) than the backup's (id ${keyId}): restore into an empty DATA_DIR`,
      );
  }
  if (keyId === undefined)
    throw new BackupError(
      `The backup's secrets were sealed with SECRETS_KEY (key id ${expected}), which is not in the backup: set the same SECRETS_KEY and run restore again`,
    );
  if (keyId !== expected)
    throw new BackupError(
      `SECRETS_KEY here has key id ${keyId}, but the backup's secrets were sealed with key id ${expected}: set the SECRETS_KEY of the backed-up installation`,
    );
}

async function readBlobList(dir: string, manifest: BackupManifest): Promise<BlobEntry[]> {
  const text = await fs.readFile(path.join(dir, BLOB_LIST), 'utf8');
  const entries = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BlobEntry);
  if (entries.length !== manifest.blobs.count)
    throw new BackupError(`${BLOB_LIST} lists ${entries.length} blobs, the manifest ${manifest.blobs.count}`);
  return entries;
}

async function restorePglite(config: Config, dump: string) {
  if (config.DATABASE_URL)
    throw new BackupError(
      'This is a backup of an embedded database: restore it with DATABASE_URL unset (into DATA_DIR)',
    );
  const dataDir = path.join(config.DATA_DIR, 'db');
  const present = await fs.readdir(dataDir).catch(() => [] as string[]);
  if (present.some((name) => name !== 'parley.lock'))
    throw new BackupError(`${dataDir} already holds a database: restore into an empty DATA_DIR`);
  const tarball = new Blob([await fs.readFile(dump)]);
  // Takes the directory lock: refused while a Parley runs on this DATA_DIR.
  const database = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: tarball });
  await database.close();
}

async function restorePostgres(config: Config, dump: string) {
  if (!config.DATABASE_URL)
    throw new BackupError(
      'This is a backup of a PostgreSQL database: set DATABASE_URL to an empty database and run restore again',
    );
  const database = await openDatabase({ kind: 'postgres', url: config.DATABASE_URL, poolSize: 1 });
  try {
    const [row] = await queryRows<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from information_schema.tables
          where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    if (Number(row?.n) > 0)
      throw new BackupError(
        `The database DATABASE_URL names is not empty (${row?.n} tables): restore into a new database (createdb)`,
      );
  } finally {
    await database.close();
  }
  const name = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1)) || 'postgres';
  await runPgTool('pg_restore', config.DATABASE_URL, [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    '--dbname',
    name,
    dump,
  ]);
}

/** Local store: the bytes go back under their keys, each checked against its SHA-256. */
async function copyBlobsIn(config: Config, blobs: BlobStore, dir: string, entries: BlobEntry[]) {
  if (blobs.kind !== 'local')
    throw new BackupError(
      `The backup holds the blobs' bytes (local store) but BLOB_STORE=${blobs.kind}: copy ${path.join(dir, 'blobs')} into the bucket under the same keys, or restore with BLOB_STORE=local`,
    );
  const root = path.join(config.DATA_DIR);
  await eachLimit(entries, 4, async (entry) => {
    const target = blobFile(root, entry.key);
    const present = await hashFile(target).catch(() => undefined);
    if (present?.sha256 === entry.sha256) return;
    if (present) await fs.rm(target);
    const aside = `${target}.restore-${process.pid}`;
    await fs.rm(aside, { force: true });
    const handle = await fs.open(blobFile(dir, entry.key), 'r');
    try {
      const copy = await writeHashed(aside, handle.createReadStream({ autoClose: false }), 0o644);
      if (copy.sha256 !== entry.sha256) {
        await fs.rm(aside, { force: true });
        throw new BackupError(
          `The backup's copy of ${entry.key} does not match its SHA-256: the backup is damaged`,
        );
      }
    } finally {
      await handle.close();
    }
    await fs.rename(aside, target);
  });
  const dirs = new Set(entries.map((e) => path.dirname(blobFile(root, e.key))));
  for (const d of dirs) await syncDir(d);
}

/** S3: the bucket is restored by its own means; check that every object the database names is there. */
async function checkBlobsPresent(blobs: BlobStore, entries: BlobEntry[]) {
  const missing: string[] = [];
  await eachLimit(entries, 8, async (entry) => {
    try {
      const stream = await blobs.read(entry.key, entry.size > 0 ? { start: 0, end: 0 } : undefined);
      stream.destroy();
    } catch {
      missing.push(entry.key);
    }
  });
  if (missing.length > 0)
    throw new BackupError(
      `The database is restored, but ${missing.length} of ${entries.length} objects it names are not in the bucket (first: ${missing.slice(0, 5).join(', ')}): restore the bucket too`,
    );
}
