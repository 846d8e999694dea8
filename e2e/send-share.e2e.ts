/**
 * All Files' Send and Share dialogs (#14 item 6): the file chosen, one more from the computer and more
 * from All Files, the per-send limit said as it is approached (this server allows 5 files a send, so
 * the journey reaches it), and a confirmation whose link opens the conversation that holds them.
 * Sort by name, date and size, and the filter by name within a folder (#14 item 5).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { matterWithClient, okJson } from './support/demo';
import { useJourney } from './support/journey';

const journey = useJourney('send-share', { LIMIT_FILES_PER_SEND: '5' });

const rows = (page: Page) => page.getByRole('list', { name: 'Files and folders' }).getByRole('listitem');
const row = (page: Page, name: string) =>
  rows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
const names = async (page: Page) => rows(page).locator('a.name').allTextContents();
const text = (name: string, body = name) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });

/** Staff signed in at 1280×800 on the All Files of a new matter with a client and one folder. */
async function matterWithFolder(title: string, client: string, folder: string) {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  const { write, matterId } = await matterWithClient(page, journey.server.url, {
    title,
    name: client,
    email: `${client.split(' ')[0]!.toLowerCase()}@client.test`,
  });
  await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/folders`, { ...write, data: { name: folder } }),
  );
  await page.goto(`/matters/${matterId}/files`);
  await row(page, folder).waitFor();
  return { page, matterId };
}

async function pickFromAllFiles(page: Page, dialog: string, picked: string[]) {
  await page
    .getByRole('dialog', { name: dialog })
    .getByRole('button', { name: 'Add from All Files' })
    .click();
  const picker = page.getByRole('dialog', { name: /^(Attach files|Share files or folders)/ });
  for (const name of picked) await picker.getByRole('checkbox', { name, exact: true }).check();
  await picker.getByRole('button', { name: /^(Attach|Share) \(\d+\)$/ }).click();
  await picker.waitFor({ state: 'detached' });
}

it('Send: one file, one from the computer, more from All Files; the limit as it nears; the confirmation opens the conversation with them', async () => {
  const { page, matterId } = await matterWithFolder('Send matter', 'Tess Client', 'Evidence');
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt'].map((n) => text(n)));
  await expect.poll(() => rows(page).count()).toBe(7);

  await row(page, 'a.txt').getByRole('button', { name: 'Actions for a.txt' }).click();
  await page.getByRole('menuitem', { name: 'Send → Client Portal' }).click();
  const send = page.getByRole('dialog', { name: 'Send to Client Portal' });
  const limitLine = send.getByText(/of at most 5 files in one send/);
  await expect.poll(() => limitLine.textContent()).toBe('1 of at most 5 files in one send.');
  await send.getByRole('checkbox', { name: /Tess Client/ }).check();

  // From the computer: uploaded into the folder shown, then in the list.
  await send.getByLabel('Extra files').setInputFiles({
    name: 'extra.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 extra'),
  });
  await expect.poll(() => limitLine.textContent()).toBe('2 of at most 5 files in one send.');
  // From All Files, in two goes; the line says how many more fit once it nears the limit.
  await pickFromAllFiles(page, 'Send to Client Portal', ['b.txt']);
  await expect.poll(() => limitLine.textContent()).toBe('3 of at most 5 files in one send.');
  await pickFromAllFiles(page, 'Send to Client Portal', ['c.txt']);
  await expect
    .poll(() => limitLine.textContent())
    .toBe('4 of at most 5 files in one send: 1 more can be added.');
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'send-dialog-near-limit');
  await pickFromAllFiles(page, 'Send to Client Portal', ['d.txt', 'e.txt']);
  await expect
    .poll(() => limitLine.textContent())
    .toBe('6 of at most 5 files in one send: take out 1 or send them in two goes.');
  expect(await send.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
  await snapSizes(page, 'send-dialog-over-limit');
  await send.getByRole('button', { name: 'Remove e.txt' }).click();
  await expect
    .poll(() => limitLine.textContent())
    .toBe('5 of at most 5 files in one send: no more can be added.');
  await send.getByLabel('Message (optional)').fill('Five for you.');
  await send.getByRole('button', { name: 'Send', exact: true }).click();
  await send.getByRole('status').getByText('Sent 5 items to Tess Client.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'send-dialog-confirmation');

  // The confirmation's link opens the conversation, where the message carries the five files.
  await send.getByRole('link', { name: 'Open the conversation' }).click();
  await page.waitForURL(new RegExp(`/matters/${matterId}/conversations/[^/?]+$`));
  const message = page
    .getByRole('listitem', { name: /^Message \d+ from/ })
    .filter({ hasText: 'Five for you.' });
  await message.waitFor();
  for (const name of ['a.txt', 'extra.pdf', 'b.txt', 'c.txt', 'd.txt'])
    await message.getByRole('link', { name: new RegExp(`^${name.replace('.', '\\.')} \\(`) }).waitFor();
  expect(await message.getByRole('link', { name: /^e\.txt/ }).count()).toBe(0);
  expect(await page.getByRole('dialog').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'send-conversation');

  // Share: a folder, a file from the computer and one from All Files, as live links.
  await page.goto(`/matters/${matterId}/files`);
  await row(page, 'Evidence').click({ button: 'right', position: { x: 400, y: 10 } });
  await page.getByRole('menuitem', { name: 'Share → Client Portal' }).click();
  const share = page.getByRole('dialog', { name: 'Share to Client Portal' });
  const shareLine = share.getByText(/of at most 5 files in one share/);
  await expect.poll(() => shareLine.textContent()).toBe('1 of at most 5 files in one share.');
  await share.getByRole('checkbox', { name: /Tess Client/ }).check();
  await share.getByLabel('Extra files').setInputFiles(text('brief.txt', 'the brief'));
  await expect.poll(() => shareLine.textContent()).toBe('2 of at most 5 files in one share.');
  await pickFromAllFiles(page, 'Share to Client Portal', ['f.txt']);
  await expect.poll(() => shareLine.textContent()).toBe('3 of at most 5 files in one share.');
  await share.getByLabel('Message (optional)').fill('Three to keep an eye on.');
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'share-dialog-extras');
  await share.getByRole('button', { name: 'Share', exact: true }).click();
  await share.getByRole('status').getByText('Shared 3 items to Tess Client.').waitFor();
  await share.getByRole('link', { name: 'Open the conversation' }).click();
  await page.waitForURL(new RegExp(`/matters/${matterId}/conversations/[^/?]+$`));
  const shared = page
    .getByRole('listitem', { name: /^Message \d+ from/ })
    .filter({ hasText: 'Three to keep an eye on.' });
  for (const name of ['Evidence', 'brief.txt', 'f.txt'])
    await shared.getByRole('button', { name: `Remove Access to ${name} for Tess Client` }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'share-conversation');
  await page.close();
});

it('sorts a folder by name, date and size, folders first, and filters it by name', async () => {
  const { page } = await matterWithFolder('Sort matter', 'Sam Client', 'Zed folder');
  // One after the other, so their dates differ: beta (300 bytes), then alpha (10), then gamma (100).
  const input = page.locator('input[type=file]').first();
  for (const [name, size] of [
    ['beta.txt', 300],
    ['alpha.txt', 10],
    ['gamma.txt', 100],
  ] as const) {
    await input.setInputFiles(text(name, 'x'.repeat(size)));
    await row(page, name).waitFor();
  }
  await expect.poll(() => names(page)).toEqual(['Zed folder', 'alpha.txt', 'beta.txt', 'gamma.txt']);
  await page.getByLabel('Sort by').selectOption('date');
  await expect.poll(() => names(page)).toEqual(['Zed folder', 'gamma.txt', 'alpha.txt', 'beta.txt']);
  await page.getByLabel('Sort by').selectOption('size');
  await expect.poll(() => names(page)).toEqual(['Zed folder', 'beta.txt', 'gamma.txt', 'alpha.txt']);
  await page.getByLabel('Sort by').selectOption('name');
  await expect.poll(() => names(page)).toEqual(['Zed folder', 'alpha.txt', 'beta.txt', 'gamma.txt']);

  // The filter keeps what holds the words, in any letter case, folders too.
  const filter = page.getByPlaceholder('Filter by name');
  await filter.fill('AMM');
  await expect.poll(() => names(page)).toEqual(['gamma.txt']);
  await filter.fill('zed');
  await expect.poll(() => names(page)).toEqual(['Zed folder']);
  await filter.fill('nothing like it');
  await expect.poll(() => rows(page).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-filter-nothing');
  await filter.fill('a');
  await page.getByLabel('Sort by').selectOption('size');
  await expect.poll(() => names(page)).toEqual(['beta.txt', 'gamma.txt', 'alpha.txt']);
  await snapSizes(page, 'files-sorted-by-size');
  await page.close();
});
