import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Deps } from '../deps';

/**
 * The local admin socket: how the server-side commands (`npm run admin`, `backup`, `restore`) reach
 * a running EMBEDDED Parley. PGlite is one process (`DATA_DIR/db/parley.lock`), so while Parley runs
 * no other process may open its database; the command is sent to the running server instead, which
 * runs it with its own `deps`. When nothing listens, the CLI opens the data directory itself and runs
 * the very same function; on PostgreSQL it always connects to the database directly.
 *
 * Server: `listenAdminSocket(dataDir, commands, log)` listens on `DATA_DIR/parley.sock` (mode 0600:
 * only the account that runs Parley connects; it can read DATA_DIR anyway). main.ts opens it on the
 * embedded database only: there the directory lock makes this process the socket's one owner, while
 * PostgreSQL nodes may share one DATA_DIR.
 * Protocol, one exchange per connection: the client writes one JSON line
 * `{"command":"<name>","args":{...}}`, the server answers one JSON line, `{"ok":true,"result":...}`
 * or `{"ok":false,"error":{"code","message"}}`, and closes.
 *
 * Client: `callAdminSocket(dataDir, name, args)` sends one command and returns its result, throws
 * `AdminCommandFailed` when the command failed, and `AdminSocketUnavailable` when no Parley listens
 * (then the caller runs the command locally). `server/src/admin-commands.ts` `runAdminCommand` does
 * exactly that choice for every CLI.
 *
 * Adding a command (e.g. `backup`):
 *  1. write `defineAdminCommand({name, args: <zod schema>, run: (deps, args) => result})` where its
 *     module's code lives (the result must be JSON: it crosses the socket), and add it to the list in
 *     `server/src/admin-commands.ts`;
 *  2. in the CLI script, `await runAdminCommand(config, '<name>', args)` and print the result;
 *  3. add its npm script to the root package.json and a line to the README's command table.
 * Arguments are parsed with the command's schema on the side that runs it, so both paths refuse the
 * same bad input.
 */

export interface AdminCommand<A = unknown> {
  name: string;
  args: z.ZodType<A>;
  run(deps: Deps, args: A): Promise<unknown>;
}

export function defineAdminCommand<A>(command: AdminCommand<A>): AdminCommand<A> {
  return command;
}

/** A command's refusal that the operator should read as it is (e.g. "no staff member with …"). */
export class AdminCommandFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminCommandFailed';
  }
}

/** Nothing listens on DATA_DIR/parley.sock: Parley is not running here (or runs on PostgreSQL). */
export class AdminSocketUnavailable extends Error {
  constructor(socketPath: string, cause: string) {
    super(`No Parley listens on ${socketPath} (${cause})`);
    this.name = 'AdminSocketUnavailable';
  }
}

export const adminSocketPath = (dataDir: string) => path.join(dataDir, 'parley.sock');

const MAX_REQUEST_BYTES = 64 * 1024;

/** Runs one parsed command; every failure becomes an error answer, never an exception. */
export async function runCommand(
  deps: Deps,
  commands: readonly AdminCommand[],
  name: unknown,
  rawArgs: unknown,
): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }> {
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const known = commands.map((c) => c.name).join(', ');
    return {
      ok: false,
      error: { code: 'unknown_command', message: `Unknown command "${name}" (known: ${known})` },
    };
  }
  const parsed = command.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid_arguments', message } };
  }
  try {
    const result = await command.run(deps, parsed.data);
    return { ok: true, result: result ?? null };
  } catch (error) {
    if (error instanceof AdminCommandFailed)
      return { ok: false, error: { code: error.code, message: error.message } };
    deps.log.error({ err: error, command: command.name }, 'admin command failed');
    return {
      ok: false,
      error: { code: 'internal_error', message: `${command.name} failed: ${String(error)}` },
    };
  }
}

export interface AdminSocketServer {
  path: string;
  close(): Promise<void>;
}

export async function listenAdminSocket(
  deps: Deps,
  commands: readonly AdminCommand[],
  log: Logger,
): Promise<AdminSocketServer> {
  const socketPath = adminSocketPath(deps.config.DATA_DIR);
  // The directory lock says no other Parley owns this DATA_DIR: a socket file left here is stale.
  await fs.rm(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return void socket.destroy();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.pause();
      let request: { command?: unknown; args?: unknown };
      try {
        request = JSON.parse(buffer.slice(0, end));
      } catch {
        return void socket.end(
          `${JSON.stringify({ ok: false, error: { code: 'invalid_request', message: 'not JSON' } })}\n`,
        );
      }
      log.info({ command: request.command }, 'admin command');
      void runCommand(deps, commands, request.command, request.args).then((answer) =>
        socket.end(`${JSON.stringify(answer)}\n`),
      );
    });
  });
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  await fs.chmod(socketPath, 0o600);
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rm(socketPath, { force: true }).catch(() => {});
      }),
  };
}

/** Sends one command to the Parley running on `dataDir`; see the header for what it throws. */
export async function callAdminSocket(dataDir: string, command: string, args: unknown): Promise<unknown> {
  const socketPath = adminSocketPath(dataDir);
  const answer = await new Promise<string>((resolve, reject) => {
    let connected = false;
    let data = '';
    const socket = net.createConnection(socketPath);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command, args })}\n`);
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK'].includes(error.code ?? ''))
        reject(new AdminSocketUnavailable(socketPath, error.code!));
      else reject(error);
    });
  });
  let parsed: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  try {
    parsed = JSON.parse(answer);
  } catch {
    throw new Error(
      `Parley answered on ${socketPath} with something that is not JSON: ${answer.slice(0, 200)}`,
    );
  }
  if (!parsed.ok)
    throw new AdminCommandFailed(parsed.error?.code ?? 'failed', parsed.error?.message ?? 'failed');
  return parsed.result;
}
