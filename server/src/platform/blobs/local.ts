import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  BlobMissingError,
  type BlobStore,
  type ByteRange,
  type Checkpoint,
  checkRecordName,
  SizeExceededError,
  type StagingTarget,
} from './blob-store';

/** fsync the staged file and report progress once at least this much more is written. */
const CHECKPOINT_BYTES = 16 * 1024 * 1024;
/** Stop reading the request while this much is not yet durable (a slow disk). */
const MAX_UNSYNCED_BYTES = 128 * 1024 * 1024;
const SAFE_KEY = /^[A-Za-z0-9-]+$/;

/**
 * Local disk, content-addressed: a blob lives at `<root>/sha256/ab/cd/<sha256>`. Staged uploads are
 * files in `<root>/staging/` on the same file system, fsynced, then renamed into place atomically;
 * identical content is stored once.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';
  constructor(private readonly root: string) {}

  private stagingPath(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error('invalid staging key');
    return path.join(this.root, 'staging', key);
  }

  private blobPath(key: string): string {
    if (!/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error('invalid blob key');
    return path.join(this.root, key);
  }

  async beginStaging(key: string) {
    await fsp.mkdir(path.join(this.root, 'staging'), { recursive: true });
    await (await fsp.open(this.stagingPath(key), 'w')).close();
    return {};
  }

  async appendStaging(
    target: StagingTarget,
    source: AsyncIterable<Buffer>,
    checkpoint: (c: Checkpoint) => Promise<void>,
  ): Promise<number> {
    const file = this.stagingPath(target.key);
    // Bytes past the last checkpoint (a crash mid-request) are dropped: the client resends them.
    await fsp.truncate(file, target.offset);
    // A write stream batches queued chunks into one writev: far fewer syscalls than a write per chunk.
    const out = fs.createWriteStream(file, {
      flags: 'r+',
      start: target.offset,
      highWaterMark: 4 * 1024 * 1024,
    });
    await once(out, 'open');
    let received = target.offset; // bytes handed to the write stream
    let written = target.offset; // bytes the kernel has accepted (write callbacks)
    let syncedFrom = target.offset; // where the last fdatasync was started
    let durable = target.offset; // what the last finished fdatasync covered (and was recorded)
    let syncing: Promise<void> | undefined;
    let failure: unknown;
    // fdatasync makes durable what the kernel had before the call; writing goes on meanwhile. The
    // offset is recorded only after it, so the database is never ahead of the disk.
    const sync = async () => {
      const covered = written;
      syncedFrom = covered;
      await new Promise<void>((resolve, reject) =>
        fs.fdatasync((out as unknown as { fd: number }).fd, (e) => (e ? reject(e) : resolve())),
      );
      await checkpoint({ offset: covered, state: {} });
      durable = covered;
    };
    const syncInBackground = () => {
      syncing = sync()
        // The request fails: a failed fdatasync may have dropped pages that a later one would not report.
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          syncing = undefined;
        });
    };
    try {
      for await (const chunk of source) {
        if (received + chunk.length > target.length) throw new SizeExceededError();
        received += chunk.length;
        const ok = out.write(chunk, (e) => {
          if (!e) written += chunk.length;
        });
        if (!ok) await once(out, 'drain');
        if (failure) throw failure;
        // One sync at a time, started as soon as the last one is done: the slower the disk, the
        // more each covers. Reading stops only when the disk is far behind.
        if (!syncing && written - syncedFrom >= CHECKPOINT_BYTES) syncInBackground();
        if (syncing && received - durable >= MAX_UNSYNCED_BYTES) await syncing;
      }
    } finally {
      // Whatever arrived (also when the client went away) is kept and reported.
      await syncing;
      await new Promise<void>((resolve) => out.write(Buffer.alloc(0), () => resolve()));
      try {
        if (!failure && written > syncedFrom) await sync();
      } finally {
        await new Promise<void>((resolve) => out.end(resolve));
      }
    }
    if (failure) throw failure;
    const offset = written;
    return offset;
  }

  async completeStaging(): Promise<void> {}

  async readStaging(key: string): Promise<Readable> {
    return fs.createReadStream(this.stagingPath(key));
  }

  async abortStaging(key: string): Promise<void> {
    await fsp.rm(this.stagingPath(key), { force: true });
  }

  async promote(stagingKey: string, sha256: string): Promise<string> {
    const key = `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const target = this.blobPath(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const staged = this.stagingPath(stagingKey);
    if (await exists(target)) return key; // identical content is stored once
    const handle = await fsp.open(staged, 'r');
    await handle.sync();
    await handle.close();
    // Atomic: the blob appears whole or not at all. A hard link keeps the staged file until the
    // caller's transaction has committed (it then calls abortStaging to drop the staged name).
    await fsp.link(staged, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await syncDir(path.dirname(target));
    return key;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.blobPath(key);
    await fsp.access(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new BlobMissingError(
        `${key} (file ${file})`,
        `Was DATA_DIR/blobs moved or restored without its files? With several nodes on one PostgreSQL, every node must share one DATA_DIR (a network file system) or use BLOB_STORE=s3: this node cannot read a file uploaded on another.`,
      );
    });
    return fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(this.blobPath(key), { force: true });
  }

  async putRecord(name: string, bytes: Buffer): Promise<void> {
    const file = path.join(this.root, 'records', checkRecordName(name));
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const aside = `${file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fsp.open(aside, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(aside, file); // atomic: a reader sees the old record or the new one
    await syncDir(path.dirname(file));
  }

  async getRecord(name: string): Promise<Buffer | null> {
    return fsp.readFile(path.join(this.root, 'records', checkRecordName(name))).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // some file systems refuse fsync on a directory; the rename itself is still atomic
  } finally {
    await handle.close();
  }
}
