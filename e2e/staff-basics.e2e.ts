/**
 * The staff app's first screens in a real browser, with axe-core on each page: no violation of any
 * impact on the staff pages (the portal's pages here: none serious).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../server/src/modules/identity/totp';
import { type ServerProcess, startServer } from '../server/test/support/server-process';
import { axeViolations, seriousViolations } from './support/axe';
import { launchBrowser, snap } from './support/browser';

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
    // The journey opens the quick-reply link it reads from the outbox: show it whole.
    OUTBOX_SHOW_SECRETS: 'true',
    LOG_LEVEL: 'warn',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** A new browser page with the admin signed in. */
async function signedInPage() {
  const page = await browser.newPage({ baseURL: server.url });
  await page.goto('/');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

it('signs in, creates a matter and a party, with no accessibility violation of any impact', async () => {
  const page = await browser.newPage({ baseURL: server.url });
  await page.goto('/');
  // The sign-in page, once the app knows nobody is signed in (before that it shows only a spinner).
  await page.getByRole('heading', { level: 1, name: 'Sign in to Parley' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Messages' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Title').fill('Estate of Ada');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Estate of Ada/ }).waitFor();
  await page.getByLabel('Name').fill('Grace Client');
  await page.getByLabel('Email').fill('grace@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('grace@client.test').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByLabel('Code from the app').waitFor();
  expect(await axeViolations(page)).toEqual([]);
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
  await page.getByRole('heading', { name: /^Sign in to the .+ client portal$/ }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.close();
});

it('texts a client, whose quick-reply page works on a phone; staff see the reply highlighted', async () => {
  const page = await signedInPage();
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Texting matter');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Texting matter/ }).waitFor();
  await page.getByLabel('Name').fill('Tom Texter');
  await page.getByLabel('Mobile').fill('+1 415 555 0142');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('+14155550142').waitFor();
  await page.getByRole('button', { name: 'Message', exact: true }).click();
  await page.getByRole('checkbox', { name: /Tom Texter/ }).check();
  await page.getByLabel('Message', { exact: true }).fill('Can you come in on Tuesday?');
  await page.getByLabel('Send as SMS').check();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('list', { name: 'Messages' }).getByText('Can you come in on Tuesday?').waitFor();
  await expect
    .poll(async () => page.getByText(/SMS to Tom Texter: (sent|delivered)/).count(), { timeout: 20_000 })
    .toBe(1);
  expect(await axeViolations(page)).toEqual([]);

  // The SMS went to the outbox (no Twilio configured): its link is the client's quick-reply page.
  const outbox = (await (await page.request.get('/api/v1/dev/outbox')).json()) as {
    items: { channel: string; text: string }[];
  };
  const sms = outbox.items.find((i) => i.channel === 'sms' && i.text.includes('/r/'));
  const link = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)/.exec(sms?.text ?? '')?.[1];
  expect(link, 'quick-reply link in the SMS').toBeDefined();
  const phone = await browser.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await phone.goto(link!.replace(/^https?:\/\/[^/]+/, server.url));
  await phone.getByText('Can you come in on Tuesday?').waitFor();
  expect(await seriousViolations(phone)).toEqual([]);
  await phone.getByRole('textbox', { name: 'Reply' }).fill('Yes, 10am works.');
  await phone.getByRole('button', { name: 'Send reply' }).click();
  await phone.getByRole('status').getByText('Your reply was sent.', { exact: false }).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Staff see it live, highlighted as a quick reply.
  const reply = page.getByRole('listitem', { name: /from Tom Texter/ });
  await reply.waitFor({ timeout: 20_000 });
  expect(await reply.getAttribute('class')).toContain('quick');
  await expect.poll(() => reply.getByText('Quick reply').count()).toBe(1);
  await phone.close();
  await page.close();
});

it('an admin adds a staff member, resets their lost authenticator and password, and deactivates them; staff change their own password', async () => {
  const page = await signedInPage();
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
  await page.getByLabel('Name').fill('Bob Barrister');
  await page.getByLabel('Email').fill('bob@e2e.test');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const shown = page.getByRole('status').locator('code');
  await shown.waitFor();
  const password = (await shown.textContent())!;
  expect(await axeViolations(page)).toEqual([]);

  // Bob signs in (outside this browser) and sets up an authenticator app.
  const call = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/v1${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json().catch(() => ({}))) as Record<string, string>;
  };
  const { token } = await call('/auth/login', { email: 'bob@e2e.test', password });
  const { secret } = await call('/auth/totp/setup', {}, token);
  await call('/auth/totp/confirm', { code: totpAt(base32Decode(secret!), Date.now()) }, token);

  await page.reload();
  const bob = page.getByRole('listitem').filter({ hasText: 'Bob Barrister' });
  await bob.getByText('Authenticator on').waitFor();
  await bob.getByRole('button', { name: 'Reset authenticator: Bob Barrister' }).click();
  await page.getByRole('dialog', { name: 'Reset authenticator app' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snap(page, 'staff-reset-authenticator');
  await page.getByRole('button', { name: 'Reset authenticator', exact: true }).click();
  await bob.getByText('No authenticator').waitFor();
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(401); // signed out everywhere

  // Bob forgot his password too: the admin sets a new one, shown once; Bob signs in and changes it.
  await bob.getByRole('button', { name: 'Reset password: Bob Barrister' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset password' });
  await dialog.getByRole('button', { name: 'Reset password' }).click();
  const fresh = (await dialog.getByRole('status').locator('code').textContent())!;
  expect(await axeViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Done' }).click();
  const bobPage = await browser.newPage({ baseURL: server.url });
  await bobPage.goto('/');
  await bobPage.getByLabel('Email').fill('bob@e2e.test');
  await bobPage.getByLabel('Password').fill(fresh);
  await bobPage.getByRole('button', { name: 'Sign in' }).click();
  await bobPage.getByRole('link', { name: 'Security' }).click();
  await bobPage.getByLabel('Current password').fill(fresh);
  await bobPage.getByLabel('New password (12 characters or more)').fill('bob chose this one');
  await bobPage.getByLabel('New password again').fill('bob chose this one');
  await bobPage.getByRole('button', { name: 'Change password' }).click();
  await bobPage.getByRole('status').getByText('Your password is changed').waitFor();
  expect(await axeViolations(bobPage)).toEqual([]);
  await snap(bobPage, 'staff-change-password');
  await bobPage.close();

  await bob.getByRole('button', { name: 'Deactivate: Bob Barrister' }).click();
  await bob.getByText('Deactivated').waitFor();
  await snap(page, 'staff-page');
  await page.close();
});
