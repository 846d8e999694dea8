/**
 * The pictures of the portal's guide (web/src/portal/guide-texts.ts), taken of the real portal:
 * `npm run guide:screens` builds the web app, starts a server on a fresh data directory with demo
 * data (a matter, a client, a shared folder, a protected message), drives Debian's chromium as the
 * client on a phone (390 px wide) and writes each screen as WebP to web/public/guide/.
 * Run it again after a portal screen changes, look at the pictures, and commit them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startServer } from '../server/test/support/server-process';
import { artifactsDir, launchBrowser } from './support/browser';
import { fromOutbox, matterWithClient, okJson as ok, phonePage, SIGN_IN_LINK } from './support/demo';
import { signInStaff } from './support/journey';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'web/public/guide');
const admin = { email: 'anna.okafor@lovelace.test', password: 'guide screens password 1' };
const client = { name: 'Grace Hopper', email: 'grace@example.test' };
const firm = 'Lovelace & Partners';

/** A one-page PDF, so the shared files are real documents. */
const pdf = (title: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 60>>stream\nBT /F1 24 Tf 72 760 Td (${title}) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );

/**
 * At most `height` px of the page, as WebP, at the phone's width: from the top, or ending just below
 * `end` (what the picture is about sits at its bottom, as on the screen).
 */
async function shot(page: Page, file: string, height: number, end?: Locator) {
  let y = 0;
  if (end) {
    await end.scrollIntoViewIfNeeded();
    const box = await end.boundingBox();
    const scrollY = await page.evaluate(() => window.scrollY);
    if (box) {
      const bottom = Math.round(box.y + scrollY + box.height + 12);
      y = Math.max(0, bottom - height);
      height = bottom - y;
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  const cdp = await page.context().newCDPSession(page);
  // The WebP for the guide, and a PNG of it in e2e/artifacts/ to look at.
  for (const [format, to] of [
    ['webp', path.join(out, file)],
    ['png', path.join(artifactsDir, `guide-${file.replace(/\.webp$/, '.png')}`)],
  ] as const) {
    const { data } = (await cdp.send('Page.captureScreenshot', {
      format,
      quality: 72,
      captureBeyondViewport: true,
      clip: { x: 0, y, width: 390, height, scale: 1 },
    })) as { data: string };
    await fs.writeFile(to, Buffer.from(data, 'base64'));
  }
  await cdp.detach();
  process.stdout.write(`wrote web/public/guide/${file} (390×${height})\n`);
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-web-build.mjs')], { stdio: 'inherit' });
  await fs.mkdir(out, { recursive: true });
  await fs.mkdir(artifactsDir, { recursive: true });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-guide-screens-'));
  const server = await startServer({
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    FIRM_NAME: firm,
    OUTBOX_SHOW_SECRETS: 'true',
    LOG_LEVEL: 'warn',
  });
  const browser = await launchBrowser();
  try {
    // Staff: the demo matter, its client, a shared folder with two letters, two messages.
    const staff = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    await signInStaff(staff, admin);
    const me = await ok(await staff.request.get('/api/v1/me'));
    const { write, matterId, partyId } = await matterWithClient(staff, server.url, {
      title: 'Purchase of 12 Elm Street',
      ...client,
    });
    await ok(
      await staff.request.patch(`/api/v1/staff/${me.id}`, { ...write, data: { name: 'Anna Okafor' } }),
    );
    const folder = await ok(
      await staff.request.post(`/api/v1/matters/${matterId}/folders`, {
        ...write,
        data: { name: 'Contracts' },
      }),
    );
    for (const name of ['Purchase agreement.pdf', 'Engagement letter.pdf']) {
      await ok(
        await staff.request.post(`/api/v1/matters/${matterId}/documents`, {
          ...write,
          multipart: {
            folderId: folder.id,
            file: { name, mimeType: 'application/pdf', buffer: pdf(name.replace('.pdf', '')) },
          },
        }),
      );
    }
    await ok(
      await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
        ...write,
        data: {
          partyIds: [partyId],
          body: 'Hello Grace, the purchase agreement is ready. You find it in the shared folder "Contracts". Could you read it before Friday?',
          shares: [{ folderId: folder.id }],
        },
      }),
    );
    await ok(
      await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
        ...write,
        data: {
          partyIds: [partyId],
          body: 'The seller accepts your offer of 310,000. Please keep this to yourself for now.',
          requireMfa: true,
        },
      }),
    );
    const invitation = await fromOutbox(staff, server.url, client.email, SIGN_IN_LINK);

    // The client, on a phone.
    const phone = await phonePage(browser, server.url);
    await phone.goto('/portal');
    await phone.getByLabel('Email').fill(client.email);
    await shot(phone, 'sign-in.webp', 620);

    await phone.goto('/portal/sign-in?token=an-old-link');
    await phone.getByText(/has expired or was already used/).waitFor();
    await shot(phone, 'link-expired.webp', 700);

    await phone.goto(invitation);
    await phone.getByRole('heading', { name: 'Your messages' }).waitFor();
    await phone.getByRole('button', { name: 'Got it' }).click();
    await phone.getByRole('link', { name: 'Purchase of 12 Elm Street' }).click();
    const locked = phone.getByRole('region', { name: 'Protected message' });
    await locked.waitFor();
    await phone.getByRole('button', { name: 'Email me a code' }).click();
    await phone.getByLabel('Code').waitFor();
    await phone.getByLabel('Code').blur();
    await shot(phone, 'protected.webp', 700, locked);

    const code = await fromOutbox(staff, server.url, client.email, /^\s+(\d{6})\s*$/m);
    await phone.getByLabel('Code').fill(code);
    await phone.getByRole('button', { name: 'Unlock' }).click();
    await phone.getByText(/accepts your offer/).waitFor();
    const reply = phone.getByRole('form', { name: 'Reply' });
    await phone.getByLabel('Your reply').fill('Thank you! I have read it. Here is the signed copy.');
    await phone.getByLabel('Your reply').blur();
    await shot(phone, 'conversation.webp', 760, reply);

    await phone.getByLabel('Choose files').setInputFiles({
      name: 'Purchase agreement signed.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Purchase agreement, signed'),
    });
    await shot(phone, 'send-files.webp', 560, reply);

    await phone.goto('/portal');
    await phone.getByRole('link', { name: 'Contracts' }).click();
    await phone.getByText('Engagement letter.pdf', { exact: true }).waitFor({ state: 'attached' });
    await shot(phone, 'shared-folder.webp', 560);
  } finally {
    await browser.close();
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
