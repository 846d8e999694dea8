import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ServerProcess, startServer } from '../../server/test/support/server-process';
import { launchBrowser } from './browser';

export interface Journey {
  server: ServerProcess;
  browser: Browser;
  admin: { email: string; password: string };
  /** The admin signs in on this page (home Messages shown). */
  signIn(page: Page): Promise<void>;
  /** A JSON POST to the API as a non-browser client (Bearer `token`); anything but 2xx throws. */
  call<T>(path: string, body: unknown, token?: string): Promise<T>;
}

/** Staff sign in on this page with their email and password (home Messages shown). */
export async function signInStaff(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Messages' }).waitFor();
}

/**
 * One server process (a fresh data directory, the first admin, no mail server: the outbox) and one
 * Debian chromium for the journeys of a file, started before them and stopped after.
 */
export function useJourney(name: string, env: Record<string, string> = {}): Journey {
  const admin = { email: `admin@${name}.test`, password: 'e2e admin password 1' };
  let dataDir: string;
  const journey = {
    admin,
    signIn: (page: Page) => signInStaff(page, admin),
    async call<T>(path: string, body: unknown, token?: string): Promise<T> {
      const res = await fetch(`${journey.server.url}/api/v1${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  } as Journey;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-e2e-${name}-`));
    journey.server = await startServer({
      DATA_DIR: dataDir,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'warn',
      ...env,
    });
    journey.browser = await launchBrowser();
  });
  afterAll(async () => {
    await journey.browser?.close();
    await journey.server?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });
  return journey;
}
