/**
 * A party's email changed by staff shows in the conversation as a staff-only line (DESIGN.md rule
 * 12, #19 item 1), in a real browser at phone and desktop sizes, with axe-core on the page.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../server/test/support/server-process';
import { seriousViolations } from './support/axe';
import { launchBrowser, snap } from './support/browser';

let server: ServerProcess;
let browser: Browser;
let dataDir: string;
const admin = { email: 'admin@notice.test', password: 'notice admin password 1' };

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-notice-'));
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

async function api(token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${url}`).toBeLessThan(300);
  return res.json();
}

it("shows staff who changed a party's email, in the conversation", async () => {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const { token } = await login.json();
  const matter = await api(token, 'POST', '/matters', { title: 'Estate of Hopper' });
  const contact = await api(token, 'POST', '/contacts', { name: 'Grace Hopper', email: 'grace@old.test' });
  const party = await api(token, 'POST', `/matters/${matter.id}/parties`, {
    contactId: contact.id,
    role: 'Client',
  });
  const { conversation } = await api(token, 'POST', `/matters/${matter.id}/messages`, {
    partyIds: [party.id],
    body: 'Welcome, Grace. Your documents are ready.',
  });
  await api(token, 'PATCH', `/contacts/${contact.id}`, { email: 'grace@new.test' });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ baseURL: server.url, viewport });
    await page.goto('/');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Messages' }).first().waitFor();
    await page.goto(`/conversations/${conversation.id}`);
    const notice = page.locator('li.notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /Staff only.*Grace Hopper's email changed by .+ \(was grace@old\.test, now grace@new\.test\)/,
    );
    await page.getByText('Welcome, Grace. Your documents are ready.', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await snap(page, `contact-notice-${name}`);
    await page.close();
  }
});
