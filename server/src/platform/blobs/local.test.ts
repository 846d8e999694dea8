import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { BlobMissingError, type Checkpoint } from './blob-store';
import { LocalBlobStore } from './local';

const MiB = 1024 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'parley-local-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** `fdatasync` made slow (a busy disk), remembering how many bytes each finished call covered. */
function slowSync(fail = false) {
  const state = { durable: 0, running: false, calls: 0 };
  const real = fs.fdatasync;
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: (e: Error | null) => void) => {
    const covers = fs.fstatSync(fd).size;
    state.running = true;
    state.calls++;
    setTimeout(() => {
      state.running = false;
      if (fail) return callback(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
      real(fd, (e) => {
        if (!e) state.durable = Math.max(state.durable, covers);
        callback(e);
      });
    }, 40);
  }) as typeof fs.fdatasync);
  return state;
}

async function* chunks(count: number, size: number, onEach: () => void = () => {}) {
  for (let i = 0; i < count; i++) {
    onEach();
    yield Buffer.alloc(size, i);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('records an offset only once fdatasync has covered it, and reads on while a sync runs', async () => {
  const store = new LocalBlobStore(dir);
  await store.beginStaging('s1');
  const sync = slowSync();
  const checkpoints: number[] = [];
  let readDuringSync = 0;
  const total = 40 * MiB;
  const offset = await store.appendStaging(
    { key: 's1', state: {}, offset: 0, length: total, parts: [] },
    chunks(40, MiB, () => {
      if (sync.running) readDuringSync++;
    }),
    async (c: Checkpoint) => {
      expect(c.offset).toBeLessThanOrEqual(sync.durable);
      checkpoints.push(c.offset);
    },
  );
  expect(offset).toBe(total);
  expect(checkpoints.at(-1)).toBe(total);
  expect(checkpoints.length).toBeGreaterThanOrEqual(2);
  expect([...checkpoints].sort((a, b) => a - b)).toEqual(checkpoints);
  expect(readDuringSync).toBeGreaterThan(0);
  expect((await fsp.stat(path.join(dir, 'staging', 's1'))).size).toBe(total);
});

it('fails the append when an fdatasync fails, and records nothing it may have lost', async () => {
  const store = new LocalBlobStore(dir);
  await store.beginStaging('s2');
  const sync = slowSync(true);
  const checkpoints: number[] = [];
  await expect(
    store.appendStaging(
      { key: 's2', state: {}, offset: 0, length: 40 * MiB, parts: [] },
      chunks(40, MiB),
      async (c) => {
        checkpoints.push(c.offset);
      },
    ),
  ).rejects.toThrow('EIO');
  expect(sync.calls).toBe(1);
  expect(checkpoints).toEqual([]);
});

it('reading content that is not there names the file and the usual cause (nodes not sharing DATA_DIR)', async () => {
  const store = new LocalBlobStore(dir);
  const key = `sha256/ab/cd/${'ab'.repeat(32)}`;
  const error = await store.read(key).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BlobMissingError);
  expect((error as Error).message).toBe(
    `The stored content ${key} (file ${path.join(dir, key)}) is missing. Was DATA_DIR/blobs moved or restored without its files? ` +
      'With several nodes on one PostgreSQL, every node must share one DATA_DIR (a network file system) or use BLOB_STORE=s3: this node cannot read a file uploaded on another.',
  );
});
