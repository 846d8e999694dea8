import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes opening one data directory corrupt it.
 * We hold `<dir>/parley.lock` (created exclusively, holding our pid) while it is open.
 * A lock left by a process that no longer runs is taken over.
 */
export interface DirLock {
  release(): Promise<void>;
}

export class DirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The database directory ${dir} is in use by another Parley process (pid ${pid}). ` +
        'Stop that process, or point DATA_DIR elsewhere (or use DATABASE_URL for several processes).',
    );
    this.name = 'DirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireDirLock(dir: string): Promise<DirLock> {
  const file = path.join(dir, 'parley.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DirLockedError(dir, pid);
      }
      if (pid === process.pid) throw new DirLockedError(dir, pid);
      // Stale lock (its process is gone, or the file is empty/garbled): remove and retry.
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
