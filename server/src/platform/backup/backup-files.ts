import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * The layout of a backup directory (README "Backups"). `parley-backup.json` is written LAST: a
 * directory without it is an interrupted backup, and restore refuses it.
 */
export const MANIFEST = 'parley-backup.json';
export const BLOB_LIST = 'blobs.jsonl';
export const BLOB_DIR = 'blobs';
export const SECRETS_FILE = 'secrets.key';

export interface BlobEntry {
  key: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: 'parley-backup';
  version: 1;
  createdAt: string;
  database:
    | { kind: 'pglite'; file: 'database.tar.gz'; sha256: string; bytes: number }
    | { kind: 'postgres'; file: 'database.pgdump'; sha256: string; bytes: number };
  /** Newest migration in the backup (drizzle's `created_at`). */
  migration: number;
  blobs: {
    store: 'local' | 's3';
    count: number;
    bytes: number;
    /** Bytes copied into `blobs/` (local store); for S3 only the list: the bucket keeps them. */
    copied: boolean;
  };
  /** `file`: secrets.key is in the backup; `environment`: SECRETS_KEY must be set again on restore. */
  secretsKey: { source: 'file' | 'environment'; keyId: string };
}

/** A refusal the operator should read as it is (bad directory, not empty, corrupt backup...). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const BLOB_KEY = /^[A-Za-z0-9][A-Za-z0-9/_.-]*$/;

/** Where a blob's bytes go inside a backup (or a local store): its key, checked to stay inside. */
export function blobFile(root: string, key: string): string {
  if (!BLOB_KEY.test(key) || key.split('/').includes('..')) throw new BackupError(`unsafe blob key ${key}`);
  return path.join(root, BLOB_DIR, key);
}

/** Streams `source` into `file` (fsynced), returning its SHA-256 and size. */
export async function writeHashed(
  file: string,
  source: AsyncIterable<Uint8Array>,
  mode = 0o600,
): Promise<{ sha256: string; bytes: number }> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await fs.open(file, 'wx', mode);
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await fs.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream()) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).byteLength;
    }
  } finally {
    await handle.close().catch(() => {});
  }
  return { sha256: hash.digest('hex'), bytes };
}

export const blobSource = (blob: Blob) =>
  Readable.fromWeb(blob.stream() as import('node:stream/web').ReadableStream);

/** Writes a small file durably (write, fsync, then the directory entry). */
export async function writeDurably(file: string, text: string | Buffer, mode = 0o600): Promise<void> {
  const handle = await fs.open(file, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDir(path.dirname(file));
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs `work` over `items`, `limit` at a time. */
export async function eachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const run = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
