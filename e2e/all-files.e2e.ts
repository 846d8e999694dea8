/**
 * All Files as a file manager (#14 items 5 and 7): one menu by right-click, ⋯ and the keyboard;
 * dialogs instead of prompts; several files sent at once; content types in words; Sent and Shared
 * markers; Move by dialog and by dragging; sort and filter; Remove Access one step from the menu;
 * a folder shared by right-click is seen by the client, who loses it when the chip removes access.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { holdUploads } from './support/hold-uploads';
import { useJourney } from './support/journey';

// The outbox shows the client's sign-in link (the test opens it as the client would).
const journey = useJourney('files', { OUTBOX_SHOW_SECRETS: 'true' });

const rows = (page: Page) => page.getByRole('list', { name: 'Files and folders' }).getByRole('listitem');
const row = (page: Page, name: string) =>
  rows(page).filter({ has: page.getByRole('link', { name, exact: true }) });

it('right-click, ⋯ and the context-menu key open one menu; bulk send, move, rename, share and Remove Access', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Carter v Dunmore');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Carter v Dunmore/ }).waitFor();
  await page.getByLabel('Name').fill('Cara Carter');
  await page.getByLabel('Email').fill('cara@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('cara@client.test').waitFor();
  await page.getByRole('tab', { name: 'All Files' }).click();

  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Folder name').fill('Pleadings');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([
      { name: 'claim.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 claim') },
      {
        name: 'witness statement.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: Buffer.from('statement, a longer file than the others'),
      },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('n') },
    ]);
  await expect.poll(() => rows(page).count()).toBe(4);
  await row(page, 'claim.pdf')
    .getByText(/PDF document/)
    .waitFor();
  await row(page, 'witness statement.docx')
    .getByText(/Word document/)
    .waitFor();

  // Right-click opens the menu with every action.
  await row(page, 'claim.pdf').click({ button: 'right', position: { x: 400, y: 10 } });
  const menu = page.getByRole('menu', { name: 'Actions for claim.pdf' });
  await menu.waitFor();
  expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
    'Open',
    'Send → Client Portal',
    'Share → Client Portal',
    'Rename',
    'Move',
    'New version',
    'Properties',
    'Delete',
  ]);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-context-menu');
  await page.keyboard.press('Escape');

  // The keyboard's context-menu key (Shift+F10) on a focused row opens the same menu; Rename is a dialog.
  await row(page, 'notes.txt').getByRole('link').focus();
  await page.keyboard.press('Shift+F10');
  await page
    .getByRole('menu', { name: 'Actions for notes.txt' })
    .getByRole('menuitem', { name: 'Rename' })
    .click();
  const rename = page.getByRole('dialog', { name: 'Rename “notes.txt”' });
  await rename.getByLabel('New name').fill('file notes.txt');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await row(page, 'file notes.txt').waitFor();

  // Sort and filter.
  await page.getByLabel('Sort by').selectOption('size');
  await expect
    .poll(async () => (await rows(page).getByRole('link').allTextContents()).slice(1))
    .toEqual(['witness statement.docx', 'claim.pdf', 'file notes.txt']);
  await page.getByPlaceholder('Filter by name').fill('claim');
  await expect.poll(() => rows(page).count()).toBe(1);
  await page.getByPlaceholder('Filter by name').fill('');

  // Select three files (a click, then shift-click) and send them at once.
  await row(page, 'witness statement.docx').getByRole('checkbox').click();
  await row(page, 'file notes.txt')
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  const selection = page.getByRole('region', { name: 'Selection' });
  await selection.getByText('3 selected').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-selection');
  await selection.getByRole('button', { name: 'Send', exact: true }).click();
  const send = page.getByRole('dialog', { name: 'Send to Client Portal' });
  await send.getByRole('checkbox', { name: /Cara Carter/ }).check();
  await send.getByText('3 of at most 130 files in one send.').waitFor();
  // One more, from the computer: uploaded into this folder (through the tray) and sent with them.
  await send.getByLabel('Extra files').setInputFiles({
    name: 'costs schedule.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 costs'),
  });
  await send.getByText('4 of at most 130 files in one send.').waitFor();
  // It went through the app's one upload tray (the dialog's chips show the tray's rows), which does
  // not list it again while the dialog shows it (it may still count the earlier batch).
  expect(await page.getByRole('region', { name: 'Uploads' }).getByText('costs schedule.pdf').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-send-dialog');
  await send.getByRole('button', { name: 'Send', exact: true }).click();
  await send.getByRole('status').getByText('Sent 4 items to Cara Carter.').waitFor();
  await send.getByRole('link', { name: 'Open the conversation' }).waitFor();
  await send.getByRole('button', { name: 'Done' }).click();
  await expect.poll(() => rows(page).filter({ hasText: 'Sent' }).count()).toBe(4);
  await expect.poll(() => rows(page).count()).toBe(5);

  // Move by dialog: claim.pdf into Pleadings.
  await row(page, 'claim.pdf').getByRole('button', { name: 'Actions for claim.pdf' }).click();
  await page.getByRole('menuitem', { name: 'Move' }).click();
  const move = page.getByRole('dialog', { name: 'Move “claim.pdf”' });
  await move.getByRole('button', { name: 'Pleadings' }).click();
  await move.getByRole('button', { name: 'Move to “Pleadings”' }).click();
  await expect.poll(() => rows(page).count()).toBe(4);

  // Move by dragging onto the folder.
  await row(page, 'file notes.txt').dragTo(row(page, 'Pleadings'));
  await expect.poll(() => rows(page).count()).toBe(3);
  // It is in the folder now, beside the one moved by dialog.
  await row(page, 'Pleadings').getByRole('link', { name: 'Pleadings', exact: true }).click();
  await expect
    .poll(async () => (await rows(page).locator('a.name').allTextContents()).sort())
    .toEqual(['claim.pdf', 'file notes.txt']);
  await page.goBack();
  await expect.poll(() => rows(page).count()).toBe(3);

  // Share the folder from its menu, then Remove Access from the same menu, naming who loses it.
  await row(page, 'Pleadings').click({ button: 'right', position: { x: 400, y: 10 } });
  await page.getByRole('menuitem', { name: 'Share → Client Portal' }).click();
  const share = page.getByRole('dialog', { name: 'Share to Client Portal' });
  await share.getByRole('checkbox', { name: /Cara Carter/ }).check();
  await share.getByRole('button', { name: 'Share', exact: true }).click();
  await share.getByRole('button', { name: 'Done' }).click();
  await row(page, 'Pleadings').getByText('Shared').waitFor();
  await row(page, 'Pleadings').click({ button: 'right', position: { x: 400, y: 10 } });
  await page.getByRole('menuitem', { name: 'Remove Access' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove Access to “Pleadings”' });
  await remove.getByText(/Cara Carter loses access to it/).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-remove-access');
  await remove.getByRole('button', { name: 'Remove Access for Cara Carter' }).click();
  await remove.getByText('Access removed.').waitFor();
  await remove.getByRole('button', { name: 'Done' }).click();
  await expect.poll(() => row(page, 'Pleadings').getByText('Shared').count()).toBe(0);

  // Shared again, then Remove Access from the share's chip in the conversation: "Access removed", once.
  await row(page, 'Pleadings').getByRole('button', { name: 'Actions for Pleadings' }).click();
  await page.getByRole('menuitem', { name: 'Share → Client Portal' }).click();
  await share.getByRole('checkbox', { name: /Cara Carter/ }).check();
  await share.getByLabel('Message (optional)').fill('The pleadings, again.');
  await share.getByRole('button', { name: 'Share', exact: true }).click();
  await share.getByRole('button', { name: 'Done' }).click();
  await row(page, 'Pleadings').getByText('Shared').waitFor();

  // The client sees it: signed in from her invitation, the folder opens with its files.
  const client = await phonePage(journey.browser, journey.server.url);
  await client.goto(await fromOutbox(page, journey.server.url, 'cara@client.test', SIGN_IN_LINK));
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  // The home's "Shared with you" lists the folder.
  await client
    .getByRole('link', { name: /Pleadings/ })
    .first()
    .click();
  await client.getByText('claim.pdf', { exact: true }).waitFor();

  await page.getByRole('tab', { name: 'Messages' }).click();
  await page
    .getByRole('link', { name: /Cara Carter/ })
    .first()
    .click();
  const latest = page
    .getByRole('listitem', { name: /^Message \d+ from/ })
    .filter({ hasText: 'The pleadings, again.' });
  await latest.getByRole('button', { name: 'Remove Access to Pleadings for Cara Carter' }).click();
  await latest.getByText('Access removed').waitFor();
  expect(await latest.getByText(/access removed/i).count()).toBe(1);
  expect(await latest.getByText('Shared').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-chip-access-removed');
  // The client loses it, live.
  await client.getByText('This share is no longer available to you.').waitFor({ timeout: 20_000 });
  await client.close();
  await page.goBack();
  await page.getByRole('tab', { name: 'All Files' }).click();

  // Delete is a dialog too.
  await row(page, 'witness statement.docx')
    .getByRole('button', { name: /Actions for/ })
    .click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete “witness statement.docx”?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect.poll(() => rows(page).count()).toBe(2);
  await page.close();
});

it("the file viewer's Messages section removes access in one step; a selection is deleted at once", async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  const url = journey.server.url;
  const { write, matterId, partyId } = await matterWithClient(page, url, {
    title: 'Viewer matter',
    name: 'Dan Client',
    email: 'dan@client.test',
  });
  await page.goto(`/matters/${matterId}/files`);
  await page.getByText('This folder is empty.').waitFor();
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([
      { name: 'lease.txt', mimeType: 'text/plain', buffer: Buffer.from('lease') },
      { name: 'rent.txt', mimeType: 'text/plain', buffer: Buffer.from('rent') },
    ]);
  await expect.poll(() => rows(page).count()).toBe(2);
  const listing = await okJson<{ documents: { id: string; name: string }[] }>(
    await page.request.get(`/api/v1/matters/${matterId}/files`),
  );
  const lease = listing.documents.find((d) => d.name === 'lease.txt')!;
  await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/share`, {
      ...write,
      data: { documentIds: [lease.id], partyIds: [partyId] },
    }),
  );
  await page.reload();
  await row(page, 'lease.txt').getByText('Shared').waitFor();

  // In the viewer, where the share is seen: Remove Access, then it reads "Access removed".
  await page.getByRole('link', { name: 'lease.txt', exact: true }).click();
  const viewer = page.getByRole('dialog', { name: 'lease.txt' });
  await viewer.getByRole('button', { name: 'Remove Access for Dan Client' }).click();
  await viewer.getByText('Access removed').waitFor();
  expect(await viewer.getByRole('button', { name: /Remove Access/ }).count()).toBe(0);
  // Shared with nobody any more: the viewer's head drops its "Shared" too.
  await expect.poll(() => viewer.getByText('· Shared').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-viewer-access-removed');
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => row(page, 'lease.txt').getByText('Shared').count()).toBe(0);

  // Both selected, deleted by one dialog.
  await row(page, 'lease.txt').getByRole('checkbox').click();
  await row(page, 'rent.txt').getByRole('checkbox').click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: /^Delete .*\?$/ })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByText('This folder is empty.').waitFor();
  await page.close();
});

it('the tray cancels a running upload, keeps it as cancelled, and retries it', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Tray matter');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Tray matter/ }).waitFor();
  await page.getByRole('tab', { name: 'All Files' }).click();
  await page.getByText('This folder is empty.').waitFor();
  const uploads = await holdUploads(page);
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles({ name: 'affidavit.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 a') });
  const tray = page.getByRole('region', { name: 'Uploads' });
  await tray.getByRole('progressbar', { name: 'Uploading affidavit.pdf' }).waitFor();
  await tray.getByRole('status').getByText('0 of 1 done, 1 running').waitFor();
  await tray.getByRole('button', { name: 'Cancel affidavit.pdf' }).click();
  await tray.getByText('Cancelled.').waitFor();
  await tray.getByRole('status').getByText('0 of 1 done, 1 cancelled').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-upload-cancelled');
  uploads.release();
  await tray.getByRole('button', { name: 'Retry affidavit.pdf' }).click();
  await tray.getByRole('status').getByText('1 of 1 done').waitFor();
  await row(page, 'affidavit.pdf').waitFor();
  await page.close();
});

it('uploads 131 files through the one tray, which summarises them, keeps the failure with its reason, and does not grow the page', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Big bundle');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Big bundle/ }).waitFor();
  await page.getByRole('tab', { name: 'All Files' }).click();
  await page.getByText('This folder is empty.').waitFor();
  const before = await page.evaluate(() => document.documentElement.scrollHeight);
  const files = Array.from({ length: 131 }, (_, i) => ({
    name: `exhibit-${String(i + 1).padStart(3, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Exhibit ${i + 1}`),
  }));
  await page.locator('input[type=file]').first().setInputFiles(files);
  const tray = page.getByRole('region', { name: 'Uploads' });
  await tray
    .getByRole('status')
    .getByText(/of 131 done/)
    .waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(before + 10);
  const box = await tray.boundingBox();
  expect(box!.height).toBeLessThan(800 * 0.6);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-upload-tray');
  // A folder holds at most 130 files: the 131st fails, kept in the tray with its reason in words.
  await tray.getByRole('status').getByText('130 of 131 done, 1 failed').waitFor({ timeout: 90_000 });
  await expect.poll(() => rows(page).count()).toBe(130);
  await tray.getByText(/A folder holds at most 130 files/).waitFor();
  await expect.poll(() => tray.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1);
  await snapSizes(page, 'files-upload-tray-failure');
  await tray.getByRole('button', { name: 'Hide' }).click();
  await expect.poll(() => tray.getByRole('listitem').count()).toBe(0);
  await tray
    .getByRole('status')
    .getByText(/1 failed/)
    .waitFor();
  await page.close();
}, 180_000);
