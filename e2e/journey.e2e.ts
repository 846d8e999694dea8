/**
 * The journey of issue 8, in Debian's chromium against a real server process and a real SMTP server
 * on loopback: share a folder in an MFA message, the client signs in from the invitation email,
 * unlocks with the emailed code, sees a new version live, loses access, replies with a file that
 * staff see arrive live. Screenshots of each step go to e2e/artifacts/; axe-core runs on each page.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { codeFromText } from '../server/test/support/jobs';
import { freePort, type ServerProcess, startServer } from '../server/test/support/server-process';
import { startSmtp, type TestSmtp } from '../server/test/support/smtp';
import { seriousViolations } from './support/axe';
import { launchBrowser, snap } from './support/browser';

const admin = { email: 'partner@lawfirm.test', password: 'journey admin password 1' };
const client = { name: 'Grace Client', email: 'grace@client.test' };

let server: ServerProcess;
let smtp: TestSmtp;
let browser: Browser;
let dataDir: string;
let files: string;

async function axe(page: Page, where: string) {
  expect(await seriousViolations(page), `accessibility on ${where}`).toEqual([]);
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-journey-'));
  files = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-files-'));
  await fs.writeFile(path.join(files, 'engagement-letter.txt'), 'Engagement letter, version 1');
  await fs.writeFile(path.join(files, 'engagement-letter-v2.txt'), 'Engagement letter, version 2 (signed)');
  await fs.writeFile(path.join(files, 'signed-scan.txt'), 'The client signed this.');
  smtp = await startSmtp();
  const port = await freePort();
  server = await startServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    FIRM_NAME: 'Lovelace & Partners',
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'warn',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(files, { recursive: true, force: true });
});

it('runs the whole journey', async () => {
  const staff = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const phone = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const portal = await phone.newPage();
  onTestFailed(async () => {
    await snap(staff, 'FAILED-staff').catch(() => {});
    await snap(portal, 'FAILED-client').catch(() => {});
  });
  // Failed requests and page errors end up in the CI log: the first place to look when a step fails.
  for (const [who, page] of [
    ['staff', staff],
    ['client', portal],
  ] as const) {
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/api/v1/me') && !r.url().endsWith('/portal/me')) {
        process.stdout.write(`[${who}] HTTP ${r.status()} ${r.request().method()} ${r.url()}\n`);
      }
    });
    page.on('pageerror', (e) => process.stdout.write(`[${who}] page error: ${e.message}\n`));
  }

  // 1. Staff: sign in, matter, client party, folder, upload, share the folder in an MFA message.
  await staff.goto('/');
  await axe(staff, 'staff sign-in');
  await staff.getByLabel('Email').fill(admin.email);
  await staff.getByLabel('Password').fill(admin.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.getByRole('heading', { name: 'Messages' }).waitFor();
  await staff.getByRole('link', { name: 'Matters' }).click();
  await staff.getByLabel('Title').fill('Estate of Ada Lovelace');
  await staff.getByRole('button', { name: 'Create matter' }).click();
  await staff.getByRole('heading', { name: /Estate of Ada Lovelace/ }).waitFor();
  await staff.getByLabel('Name').fill(client.name);
  await staff.getByLabel('Email').fill(client.email);
  await staff.getByRole('button', { name: 'Add party' }).click();
  await staff.getByText(client.email).waitFor();
  await staff.getByRole('tab', { name: 'All Files' }).click();
  await staff.getByRole('button', { name: 'New folder' }).click();
  await staff.getByRole('dialog', { name: 'New folder' }).getByLabel('Folder name').fill('Engagement');
  await staff.getByRole('button', { name: 'Create folder' }).click();
  await staff.getByRole('link', { name: 'Engagement', exact: true }).click();
  await staff.locator('input[type=file]').first().setInputFiles(path.join(files, 'engagement-letter.txt'));
  await staff.getByRole('link', { name: 'engagement-letter.txt', exact: true }).waitFor();
  await axe(staff, 'All Files');
  await snap(staff, 'staff-uploaded-file');
  await staff.getByRole('tab', { name: 'Messages' }).click();
  await staff.getByRole('button', { name: 'Message', exact: true }).click();
  await staff.getByRole('checkbox', { name: new RegExp(client.name) }).check();
  await staff.getByLabel('Message', { exact: true }).fill('Your engagement documents are ready.');
  await staff.getByRole('button', { name: 'Share', exact: true }).click();
  await staff.getByRole('checkbox', { name: 'Share folder Engagement' }).check();
  await staff.getByRole('button', { name: /^Share \(1\)/ }).click();
  await staff.getByLabel('Require MFA').check();
  await axe(staff, 'composer');
  await staff.getByRole('button', { name: 'Send', exact: true }).click();
  await staff
    .getByRole('list', { name: 'Messages' })
    .getByText('Your engagement documents are ready.')
    .waitFor();
  await snap(staff, 'staff-shared-folder-mfa');

  // 2. Client: the invitation email, sign in, unlock with the emailed code, open the file.
  const [invitation] = await smtp.waitFor(client.email, 1, 30_000);
  expect(invitation, 'invitation email').toBeDefined();
  expect(invitation!.text).toContain('Lovelace & Partners');
  expect(invitation!.text).not.toContain('engagement documents are ready');
  const link = /(http:\/\/\S+\/portal\/sign-in\?token=[A-Za-z0-9_%-]+)/.exec(invitation!.text)?.[1];
  expect(link, 'sign-in link in the invitation').toBeDefined();
  await portal.goto(link!);
  await portal.getByRole('heading', { name: 'Your messages' }).waitFor();
  await axe(portal, 'portal home');
  await snap(portal, 'client-signed-in');
  await portal
    .getByRole('link', { name: /Estate of Ada Lovelace|Conversation/ })
    .first()
    .click();
  await portal.getByRole('region', { name: 'Protected message' }).waitFor();
  await expect.poll(() => portal.getByText('Your engagement documents are ready.').count()).toBe(0);
  await axe(portal, 'locked message');
  await snap(portal, 'client-locked-message');
  await portal.getByRole('button', { name: 'Email me a code' }).click();
  const codes = await smtp.waitFor(client.email, 2, 30_000);
  const code = codeFromText(codes.at(-1)!.text);
  await portal.getByLabel('Code').fill(code);
  await portal.getByRole('button', { name: 'Unlock' }).click();
  await portal.getByText('Your engagement documents are ready.').waitFor();
  await snap(portal, 'client-unlocked');
  await portal
    .getByRole('link', { name: /Engagement/ })
    .first()
    .click();
  await portal.getByText('engagement-letter.txt', { exact: true }).waitFor();
  await expect.poll(() => portal.getByText(/v1 ·/).count()).toBeGreaterThan(0);
  await axe(portal, 'shared folder');
  await snap(portal, 'client-shared-folder');
  const download = await portal.request.get(
    (await portal.getByRole('link', { name: 'Download engagement-letter.txt' }).getAttribute('href'))!,
  );
  expect(await download.text()).toBe('Engagement letter, version 1');

  // 3. Staff uploads a new version; the client sees it without reloading.
  await staff.getByRole('link', { name: 'Estate of Ada Lovelace' }).click();
  await staff.getByRole('tab', { name: 'All Files' }).click();
  await staff.getByRole('link', { name: 'Engagement', exact: true }).click();
  await staff.getByRole('link', { name: 'engagement-letter.txt', exact: true }).click();
  await staff.locator('dialog input[type=file]').setInputFiles(path.join(files, 'engagement-letter-v2.txt'));
  await staff.getByRole('link', { name: 'Version 2' }).waitFor();
  await snap(staff, 'staff-new-version');
  await staff.keyboard.press('Escape');
  await portal.getByText(/v2 ·/).waitFor({ timeout: 20_000 });
  const v2 = await portal.request.get(
    (await portal.getByRole('link', { name: 'Download engagement-letter.txt' }).getAttribute('href'))!,
  );
  expect(await v2.text()).toBe('Engagement letter, version 2 (signed)');
  await snap(portal, 'client-sees-version-2');

  // 4. Staff removes access; the client loses it.
  await staff
    .getByRole('navigation', { name: 'Folder path' })
    .getByRole('link', { name: 'All Files' })
    .click();
  await staff.getByRole('button', { name: 'Actions for Engagement', exact: true }).click();
  await staff.getByRole('menuitem', { name: 'Properties' }).click();
  await staff.getByRole('button', { name: 'Remove Access' }).first().click();
  await staff.getByRole('alertdialog', { name: 'Confirm Remove Access' }).getByText(client.name).waitFor();
  await axe(staff, 'remove access warning');
  await snap(staff, 'staff-remove-access-warning');
  await staff
    .getByRole('alertdialog', { name: 'Confirm Remove Access' })
    .getByRole('button', { name: 'Remove Access' })
    .click();
  await staff.getByText(/access removed/).waitFor();
  await staff.keyboard.press('Escape');
  await portal.getByText('This share is no longer available to you.').waitFor({ timeout: 20_000 });
  const refused = await portal.request.get(`/api/v1/portal/shares`);
  expect(JSON.stringify(await refused.json())).not.toContain('Engagement');
  await snap(portal, 'client-lost-access');

  // 5. The client replies with a file; staff see it arrive live.
  await staff.getByRole('link', { name: 'Messages' }).first().click();
  await staff.getByRole('link', { name: client.name }).first().click();
  await staff.getByRole('list', { name: 'Messages' }).waitFor();
  await portal.getByRole('link', { name: '← Back' }).click();
  await portal
    .getByRole('link', { name: /Estate of Ada Lovelace|Conversation/ })
    .first()
    .click();
  await portal.getByLabel('Your reply').fill('Signed and attached.');
  await portal.getByLabel('Choose files').setInputFiles(path.join(files, 'signed-scan.txt'));
  await portal.getByRole('button', { name: 'Send reply' }).click();
  await portal.getByRole('list', { name: 'Messages' }).getByText('Signed and attached.').waitFor();
  await axe(portal, 'reply');
  await snap(portal, 'client-replied');
  await staff
    .getByRole('list', { name: 'Messages' })
    .getByText('Signed and attached.')
    .waitFor({ timeout: 20_000 });
  await staff.getByRole('link', { name: /signed-scan.txt/ }).waitFor();
  await axe(staff, 'conversation view');
  await snap(staff, 'staff-sees-reply-live');
  const overflow = await portal.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no horizontal scrolling at 390x844').toBeLessThanOrEqual(0);
}, 240_000);
