import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireDirLock, DirLockedError } from './dir-lock';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-lock-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

it('refuses a second holder with a clear error, and frees the directory on release', async () => {
  const lock = await acquireDirLock(dir);
  await expect(acquireDirLock(dir)).rejects.toBeInstanceOf(DirLockedError);
  await lock.release();
  const again = await acquireDirLock(dir);
  await again.release();
});

it('refuses while another live process holds it', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
  try {
    await fs.writeFile(path.join(dir, 'parley.lock'), String(child.pid));
    await expect(acquireDirLock(dir)).rejects.toThrow(
      new RegExp(`in use by another Parley process \\(pid ${child.pid}\\)`),
    );
  } finally {
    child.kill();
  }
});

it('takes over a lock left by a process that has died', async () => {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  await fs.writeFile(path.join(dir, 'parley.lock'), String(child.pid));
  const lock = await acquireDirLock(dir);
  expect(await fs.readFile(path.join(dir, 'parley.lock'), 'utf8')).toBe(String(process.pid));
  await lock.release();
});
