/**
 * Real server processes with an admin account, for crash, multi-node and benchmark runs (no vitest
 * here). `support/server-process.ts` is the lighter start used by start-up and e2e tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

import { freePort, trackServer } from './support/server-process';

export { freePort };
export const ADMIN = { email: 'admin@example.test', password: 'a long enough password' };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** kill -9 */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** `tsx server/src/main.ts` as a real process; resolves once it listens. */
export async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  // `node --import tsx` (not the tsx CLI, which forks): kill -9 must hit the server itself.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      FIRM_NAME: 'Crash Test LLP',
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackServer(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Parley is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api<T>(url: string, token: string, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    body: (res.headers.get('content-type')?.includes('json')
      ? await res.json()
      : await res.arrayBuffer()) as T,
  };
}

/** A new matter with an internal conversation (the admin alone), on a spawned server; fails loudly. */
export async function matterWithConversation(url: string, token: string, title: string) {
  const matter = await api<{ id: string }>(url, token, 'POST', '/matters', { title });
  if (matter.status !== 201) throw new Error(`matter: ${matter.status} ${JSON.stringify(matter.body)}`);
  const conversation = await api<{ id: string }>(
    url,
    token,
    'POST',
    `/matters/${matter.body.id}/conversations`,
    {
      kind: 'internal',
      staffIds: [],
    },
  );
  if (conversation.status !== 201)
    throw new Error(`conversation: ${conversation.status} ${JSON.stringify(conversation.body)}`);
  return { matterId: matter.body.id, conversationId: conversation.body.id };
}
