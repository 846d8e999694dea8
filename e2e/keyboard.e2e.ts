/**
 * The staff app by keyboard only (#14 item 12): Tab, Enter, Space, Escape and the arrow keys open a
 * folder, open a file's ⋯ menu and move in it, Share and Send from it (the confirmation's link opens
 * the conversation), close dialogs with Escape (the focus goes back to what opened them), write in
 * the thread and add a participant. The Messages list and the thread's designed loading and empty
 * states (#14 item 3).
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { matterWithClient, okJson } from './support/demo';
import { holdRequests } from './support/hold-uploads';
import { useJourney } from './support/journey';

const journey = useJourney('keyboard');

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus (the way a keyboard user gets there). */
async function tabTo(page: Page, target: Locator, max = 80) {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${target}`);
}

async function twoPartyMatter(page: Page, title: string) {
  const { write, matterId, partyId } = await matterWithClient(page, journey.server.url, {
    title,
    name: 'Tess Client',
    email: `tess-${title.length}@client.test`,
  });
  const other = await okJson(
    await page.request.post('/api/v1/contacts', { ...write, data: { name: 'Uma Witness' } }),
  );
  await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/parties`, {
      ...write,
      data: { contactId: other.id, role: 'Witness' },
    }),
  );
  return { write, matterId, partyId };
}

it('the Messages list and the thread show designed loading and empty states', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  // Nothing yet: said, with where to start one.
  await page.getByText('No conversations yet.').waitFor();
  await page.getByText(/Start one from a matter's Messages tab/).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'messages-empty');

  // While the list loads: placeholder rows, and "Loading conversations" for a screen reader.
  const list = await holdRequests(page, (u) => u.pathname === '/api/v1/conversations');
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Loading conversations' }).waitFor();
  expect(await page.locator('.skeleton-item').count()).toBeGreaterThan(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'messages-loading');
  list.release();
  await page.getByText('No conversations yet.').waitFor();

  // A conversation with no message yet, opened: loading, then "No messages yet" with what to do.
  const { write, matterId, partyId } = await twoPartyMatter(page, 'States matter');
  const conversation = await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/conversations`, {
      ...write,
      data: { kind: 'external', partyIds: [partyId] },
    }),
  );
  const messages = await holdRequests(page, (u) =>
    u.pathname.endsWith(`/conversations/${conversation.id}/messages`),
  );
  await page.goto(`/matters/${matterId}/conversations/${conversation.id}`);
  await page.getByRole('status').filter({ hasText: 'Loading messages' }).waitFor();
  await page.getByText('No internal conversations yet.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'thread-loading');
  messages.release();
  await page.getByText('No messages yet.').waitFor();
  await page.getByText('Write the first one below: the parties in this conversation will see it.').waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'Loading messages' }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'thread-empty');
  await page.close();
});

it('by keyboard only: open a folder, the ⋯ menu with arrows, Share and Send from it, Escape back to the opener, write, add a participant', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  const { write, matterId } = await twoPartyMatter(page, 'Keyboard matter');
  const folder = await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/folders`, { ...write, data: { name: 'Evidence' } }),
  );
  await okJson(
    await page.request.post(`/api/v1/matters/${matterId}/documents`, {
      ...write,
      multipart: {
        folderId: folder.id,
        file: { name: 'inner.txt', mimeType: 'text/plain', buffer: Buffer.from('inner') },
      },
    }),
  );
  await page.goto(`/matters/${matterId}`);
  const keys = page.keyboard;

  // The All Files tab, then the folder: Tab and Enter.
  await tabTo(page, page.getByRole('tab', { name: 'All Files' }));
  await keys.press('Enter');
  await tabTo(page, page.getByRole('link', { name: 'Evidence', exact: true }));
  await keys.press('Enter');
  await page.waitForURL(new RegExp(`/files/${folder.id}$`));

  // The ⋯ menu: Enter opens it on its first item, the arrows move (and wrap), Escape closes it.
  const opener = page.getByRole('button', { name: 'Actions for inner.txt' });
  await tabTo(page, opener);
  await keys.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for inner.txt' });
  const item = (name: string) => menu.getByRole('menuitem', { name });
  await expect.poll(() => isFocused(item('Open'))).toBe(true);
  await keys.press('ArrowDown');
  await expect.poll(() => isFocused(item('Send → Client Portal'))).toBe(true);
  await keys.press('ArrowUp');
  await keys.press('ArrowUp');
  await expect.poll(() => isFocused(item('Delete'))).toBe(true);
  await keys.press('ArrowDown');
  await expect.poll(() => isFocused(item('Open'))).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'keyboard-menu');
  await keys.press('Escape');
  await menu.waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(opener)).toBe(true);

  // Share from the menu; Escape closes the dialog and the focus is back on ⋯.
  const fromMenu = async (name: string) => {
    await keys.press('Enter');
    await expect.poll(() => isFocused(item('Open'))).toBe(true);
    while (!(await isFocused(item(name)))) await keys.press('ArrowDown');
    await keys.press('Enter');
  };
  await fromMenu('Share → Client Portal');
  const share = page.getByRole('dialog', { name: 'Share to Client Portal' });
  await share.waitFor();
  await keys.press('Escape');
  await share.waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(opener)).toBe(true);

  // Again, and this time Space ticks the party and Enter shares; Escape closes the confirmation.
  await fromMenu('Share → Client Portal');
  const tess = share.getByRole('checkbox', { name: /Tess Client/ });
  await tabTo(page, tess);
  await keys.press('Space');
  expect(await tess.isChecked()).toBe(true);
  await tabTo(page, share.getByRole('button', { name: 'Share', exact: true }));
  await keys.press('Enter');
  await share.getByRole('status').getByText('Shared “inner.txt” to Tess Client.').waitFor();
  await keys.press('Escape');
  await share.waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(opener)).toBe(true);
  await page.getByRole('listitem').filter({ has: opener }).getByText('Shared').waitFor();

  // Cancel (a button, not Escape) gives the focus back too.
  await fromMenu('Rename');
  const rename = page.getByRole('dialog', { name: 'Rename “inner.txt”' });
  await tabTo(page, rename.getByRole('button', { name: 'Cancel' }));
  await keys.press('Enter');
  await rename.waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(opener)).toBe(true);

  // Send, then the confirmation's link (Tab, Enter) opens the conversation with the file.
  await fromMenu('Send → Client Portal');
  const send = page.getByRole('dialog', { name: 'Send to Client Portal' });
  await tabTo(page, send.getByRole('checkbox', { name: /Tess Client/ }));
  await keys.press('Space');
  await tabTo(page, send.getByRole('button', { name: 'Send', exact: true }));
  await keys.press('Enter');
  await tabTo(page, send.getByRole('link', { name: 'Open the conversation' }));
  await keys.press('Enter');
  await page.waitForURL(new RegExp(`/matters/${matterId}/conversations/[^/?]+$`));
  await page
    .getByRole('list', { name: 'Messages' })
    .getByRole('link', { name: /^inner\.txt \(/ })
    .waitFor();

  // The + dialog: Space picks the party, it says it continues this conversation; Escape, focus back on +.
  const plus = page.getByRole('button', { name: 'Start or continue an external conversation' });
  await tabTo(page, plus);
  await keys.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'External conversation' });
  await tabTo(page, dialog.getByRole('checkbox', { name: /Tess Client/ }));
  await keys.press('Space');
  await dialog.getByText(/^Continues the external conversation with Tess Client/).waitFor();
  await keys.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(plus)).toBe(true);

  // Write in the thread: Ctrl+Enter sends.
  await tabTo(page, page.getByRole('textbox', { name: 'Message', exact: true }));
  await keys.type('Typed with the keyboard only.');
  await keys.press('Control+Enter');
  await page
    .getByRole('listitem', { name: /^Message \d+ from/ })
    .filter({ hasText: 'Typed with the keyboard only.' })
    .waitFor();

  // Add a participant: open the people (Enter on the summary), choose with the arrows, Add.
  const people = page.locator('summary').filter({ hasText: /participants?:/ });
  await tabTo(page, people);
  await keys.press('Enter');
  const add = page.getByLabel('Add participant');
  await tabTo(page, add);
  await keys.press('ArrowDown');
  await expect.poll(() => add.inputValue()).toMatch(/^party:/);
  expect(await add.locator('option:checked').textContent()).toBe('Uma Witness (Witness)');
  await tabTo(page, page.getByRole('button', { name: 'Add', exact: true }));
  await keys.press('Enter');
  await page.locator('summary').filter({ hasText: '3 participants:' }).waitFor();
  await page.getByRole('button', { name: 'Remove Uma Witness' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'keyboard-participant-added');
  await page.close();
});

it('the + dialog finds the conversation with the same people behind 200 newer ones (it reads every page, not the first 100)', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  const { write, matterId, partyId } = await twoPartyMatter(page, 'Busy matter');
  const first = await okJson<{ conversation: { id: string } }>(
    await page.request.post(`/api/v1/matters/${matterId}/messages`, {
      ...write,
      data: { partyIds: [partyId], body: 'The first, long ago.' },
    }),
  );
  for (let batch = 0; batch < 10; batch++)
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        okJson(
          await page.request.post(`/api/v1/matters/${matterId}/conversations`, {
            ...write,
            data: { kind: 'internal', title: `Internal ${batch * 20 + i + 1}` },
          }),
        ),
      ),
    );
  await page.goto(`/matters/${matterId}`);
  await page.getByRole('button', { name: 'Start or continue an external conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'External conversation' });
  await dialog.getByRole('checkbox', { name: /Tess Client/ }).check();
  await dialog.getByText(/^Continues the external conversation with Tess Client \(last message/).waitFor();
  expect(await dialog.getByRole('link', { name: 'Open it' }).getAttribute('href')).toBe(
    `/matters/${matterId}/conversations/${first.conversation.id}`,
  );
  await page.keyboard.press('Escape');
  // The lists page too: the matter's tab shows 100 of the 200 internal ones, then Load more the rest.
  const internal = page.getByRole('list', { name: 'Internal conversations' }).locator('> li');
  await expect.poll(() => internal.count()).toBe(100);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => internal.count()).toBe(200);
  expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  // Home: 50 at a time, and a filter starts afresh from its own first page.
  await page.goto('/?show=internal');
  const home = page.getByRole('list', { name: 'Conversations' }).locator('> li');
  await expect.poll(() => home.count()).toBe(50);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => home.count()).toBe(100);
  await page.getByRole('button', { name: 'External', exact: true }).click();
  await expect
    .poll(async () => [...new Set(await home.locator('.tag').allTextContents())])
    .toEqual(['External']);
  await page.getByRole('button', { name: 'Internal', exact: true }).click();
  await expect.poll(() => home.count()).toBe(50);
  await page.close();
});
