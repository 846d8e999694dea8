import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Deps } from '../deps';
import {
  AdminCommandFailed,
  type AdminSocketServer,
  AdminSocketUnavailable,
  adminSocketPath,
  callAdminSocket,
  defineAdminCommand,
  listenAdminSocket,
} from './admin-socket';

const log = pino({ level: 'silent' });
const commands = [
  defineAdminCommand({
    name: 'greet',
    args: z.object({ name: z.string().min(1) }),
    run: async (deps, { name }) => ({ hello: name, dir: deps.config.DATA_DIR }),
  }),
  defineAdminCommand({
    name: 'refuse',
    args: z.object({}),
    run: async () => {
      throw new AdminCommandFailed('not_found', 'No staff member has the email a@b.test');
    },
  }),
  defineAdminCommand({
    name: 'crash',
    args: z.object({}),
    run: async () => {
      throw new Error('disk on fire');
    },
  }),
];

let dataDir: string;
let server: AdminSocketServer | undefined;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-sock-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fs.rm(dataDir, { recursive: true, force: true });
});

const start = async () => {
  server = await listenAdminSocket({ config: { DATA_DIR: dataDir }, log } as unknown as Deps, commands, log);
};

describe('the local admin socket', () => {
  it('runs a command with the server’s deps and answers its result; only the owner may connect', async () => {
    await start();
    expect(await callAdminSocket(dataDir, 'greet', { name: 'Ada' })).toEqual({ hello: 'Ada', dir: dataDir });
    expect((await fs.stat(adminSocketPath(dataDir))).mode & 0o777).toBe(0o600);
  });

  it('answers a refusal, bad arguments, an unknown command and a crash as errors with their cause', async () => {
    await start();
    await expect(callAdminSocket(dataDir, 'refuse', {})).rejects.toThrow(
      new AdminCommandFailed('not_found', 'No staff member has the email a@b.test'),
    );
    await expect(callAdminSocket(dataDir, 'greet', { name: '' })).rejects.toMatchObject({
      code: 'invalid_arguments',
      message: expect.stringContaining('name:'),
    });
    await expect(callAdminSocket(dataDir, 'nope', {})).rejects.toMatchObject({
      code: 'unknown_command',
      message: 'Unknown command "nope" (known: greet, refuse, crash)',
    });
    await expect(callAdminSocket(dataDir, 'crash', {})).rejects.toMatchObject({
      code: 'internal_error',
      message: expect.stringContaining('disk on fire'),
    });
    // still serving after all that
    expect(await callAdminSocket(dataDir, 'greet', { name: 'B' })).toMatchObject({ hello: 'B' });
  });

  it('a line that is not JSON gets an error answer', async () => {
    await start();
    const answer = await new Promise<string>((resolve) => {
      let data = '';
      const socket = net.createConnection(adminSocketPath(dataDir), () => socket.write('{oops\n'));
      socket.on('data', (d) => {
        data += d;
      });
      socket.on('end', () => resolve(data));
    });
    expect(JSON.parse(answer)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('says when nothing listens: no socket file, or one left by a process that is gone', async () => {
    await expect(callAdminSocket(dataDir, 'greet', { name: 'A' })).rejects.toBeInstanceOf(
      AdminSocketUnavailable,
    );
    await start();
    await server!.close();
    server = undefined;
    // a stale socket file: its process was killed (-9), so connecting is refused
    const child = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(adminSocketPath(dataDir))}, () => console.log('up'))`,
    ]);
    await new Promise((r) => child.stdout.once('data', r));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect((await fs.stat(adminSocketPath(dataDir))).isSocket()).toBe(true);
    await expect(callAdminSocket(dataDir, 'greet', { name: 'A' })).rejects.toBeInstanceOf(
      AdminSocketUnavailable,
    );
    // and a new server takes the place of the stale file
    await start();
    expect(await callAdminSocket(dataDir, 'greet', { name: 'C' })).toMatchObject({ hello: 'C' });
  });
});
