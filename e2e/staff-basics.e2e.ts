/** The staff app's first screens in a real browser, with axe-core on each page. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../server/test/support/server-process';
import { seriousViolations } from './support/axe';
import { launchBrowser } from './support/browser';

let server: ServerProcess;
let browser: Browser;
let dataDir: string;
const admin = { email: 'admin@e2e.test', password: 'e2e admin password 1' };

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-basics-'));
  server = await startServer({
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

it('signs in, creates a matter and a party, with no serious accessibility violation', async () => {
  const page = await browser.newPage({ baseURL: server.url });
  await page.goto('/');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Messages' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Estate of Ada');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Estate of Ada/ }).waitFor();
  await page.getByLabel('Name').fill('Grace Client');
  await page.getByLabel('Email').fill('grace@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('grace@client.test').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.close();
});

it('shows the portal sign-in page on a phone', async () => {
  const page = await browser.newPage({
    baseURL: server.url,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await page.goto('/portal');
  await page.getByRole('heading', { name: 'Sign in to your client portal' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.close();
});
