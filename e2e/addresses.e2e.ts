/**
 * Places have addresses (#14 item 2): a matter's tab, a folder, the open document and a conversation
 * are in the URL, so a reload, Back and a pasted link bring the user to the same place.
 */
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';

const journey = useJourney('addresses');

it('reload, Back and a pasted link keep the matter tab, the folder, the open document and the conversation', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Estate of Byron');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Estate of Byron/ }).waitFor();
  const matterUrl = new URL(page.url()).pathname;
  expect(matterUrl).toMatch(/^\/matters\/[^/]+$/);

  // The All Files tab has its own address.
  await page.getByRole('tab', { name: 'All Files' }).click();
  await page.waitForURL(`**${matterUrl}/files`);
  await page.reload();
  await page.getByText('This folder is empty.').waitFor();
  expect(await page.getByRole('tab', { name: 'All Files' }).getAttribute('aria-selected')).toBe('true');

  // A folder, and a file inside it.
  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Folder name').fill('Wills');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await page.getByRole('link', { name: 'Wills' }).click();
  await page.waitForURL(/\/files\/[^/?]+$/);
  const folderUrl = new URL(page.url()).pathname;
  await page.getByRole('navigation', { name: 'Folder path' }).getByText('Wills').waitFor();
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles({
      name: 'will.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Last will and testament'),
    });
  await page.getByRole('link', { name: 'will.txt' }).click();
  await page.getByRole('dialog', { name: 'will.txt' }).waitFor();
  expect(new URL(page.url()).search).toMatch(/^\?doc=/);
  const documentUrl = new URL(page.url());

  // Reload: the same folder, the same document open.
  await page.reload();
  await page.getByRole('dialog', { name: 'will.txt' }).waitFor();
  await page.getByRole('navigation', { name: 'Folder path' }).getByText('Wills').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'addresses-document');

  // Closing the viewer and Back: the folder, then All Files' root, then the Messages tab.
  await page.getByRole('dialog', { name: 'will.txt' }).getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => page.getByRole('dialog', { name: 'will.txt' }).count()).toBe(0);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(folderUrl);
  await page.goBack();
  await page.waitForURL(`**${matterUrl}/files`);
  await page.getByRole('link', { name: 'Wills' }).waitFor();
  await page.goBack();
  await page.waitForURL(`**${matterUrl}`);
  expect(await page.getByRole('tab', { name: 'Messages' }).getAttribute('aria-selected')).toBe('true');

  // A pasted link in a new tab opens the same document in the same folder.
  const pasted = await journey.browser.newPage({ baseURL: journey.server.url });
  await pasted.context().addCookies(await page.context().cookies());
  await pasted.goto(documentUrl.pathname + documentUrl.search);
  await pasted.getByRole('dialog', { name: 'will.txt' }).waitFor();
  await pasted.getByRole('dialog', { name: 'will.txt' }).getByRole('button', { name: 'Close' }).click();
  await pasted.getByRole('link', { name: 'will.txt' }).waitFor();
  expect(new URL(pasted.url()).pathname).toBe(folderUrl);
  await pasted.close();

  // A conversation: reload stays in it.
  await page.getByRole('button', { name: 'Start or continue an internal conversation' }).click();
  const start = page.getByRole('dialog', { name: 'Internal conversation' });
  await start.getByLabel('Title (optional)').fill('Strategy');
  await start.getByLabel('Message', { exact: true }).fill('Draft the codicil first.');
  await start.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForURL(/\/conversations\/[^/]+$/);
  await page.getByRole('heading', { name: /Strategy/ }).waitFor();
  await page.getByRole('list', { name: 'Messages' }).getByText('Draft the codicil first.').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: /Strategy/ }).waitFor();
  await page.getByRole('list', { name: 'Messages' }).getByText('Draft the codicil first.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});
