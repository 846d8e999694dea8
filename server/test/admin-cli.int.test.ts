/** `npm run admin` against a running embedded Parley (its socket) and against a stopped one (directly). */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from './support/server-process';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `tsx src/admin-cli.ts …` as the operator runs it; resolves with its exit code and output. */
function runAdmin(
  env: Record<string, string>,
  argv: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/admin-cli.ts', ...argv], {
      cwd: serverDir,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each server here runs PGlite in its own DATA_DIR whatever the pass, so both passes run it.
let dataDir: string;
let server: ServerProcess | undefined;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-admin-'));
});
afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('npm run admin on the embedded database', () => {
  it('talks to the running Parley through DATA_DIR/parley.sock', async () => {
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const pid = server.child.pid;
    const run = await runAdmin({ DATA_DIR: dataDir }, ['status']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`Parley (pid ${pid}) serves http://localhost:${server.port} on pglite\n`);
    expect(run.code).toBe(0);
  }, 120_000);

  it('opens the data directory itself when Parley is not running', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    const run = await runAdmin({ DATA_DIR: dataDir }, ['status']);
    expect(run.stdout).toMatch(/^Parley \(pid \d+\) serves http:\/\/localhost:3000 on pglite\n$/);
    expect(run.code).toBe(0);
  }, 60_000);

  it('refuses a wrong command with its usage', async () => {
    const run = await runAdmin({ DATA_DIR: dataDir }, ['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run admin -- <command>');
  }, 60_000);
});
