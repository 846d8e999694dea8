/**
 * Parties (#14 item 11): edit a party's role, email and mobile; remove a party, told first what
 * they lose (the conversations they leave, the files shared with them).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';

const journey = useJourney('parties');

/** A request from inside the signed-in page (same origin, its session cookie). */
async function inPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(`/api/v1${p}`, {
        method: m as string,
        headers: { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      if (!res.ok) throw new Error(`${m} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    },
    [method, path, body] as const,
  ) as Promise<T>;
}

it('edits a party role, email and mobile, and removes a party naming what they lose', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Harbour lease');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Harbour lease/ }).waitFor();
  const matterId = new URL(page.url()).pathname.split('/')[2]!;
  await page.getByLabel('Name').fill('Grace Client');
  await page.getByLabel('Email').fill('grace@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('grace@client.test').waitFor();

  // Grace is in a conversation and has a folder shared with her.
  const parties = await inPage<{ items: { id: string }[] }>(page, 'GET', `/matters/${matterId}/parties`);
  const graceId = parties.items[0]!.id;
  const folder = await inPage<{ id: string }>(page, 'POST', `/matters/${matterId}/folders`, {
    name: 'Lease drafts',
  });
  await inPage(page, 'POST', `/matters/${matterId}/share`, {
    folderIds: [folder.id],
    partyIds: [graceId],
    message: { body: 'The drafts are here.' },
  });

  // Edit: the role on this matter, the email and mobile of the person (with the warning).
  await page.getByRole('button', { name: 'Edit Grace Client' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Grace Client' });
  await edit.getByLabel('Role').selectOption('Witness');
  await edit.getByLabel('Email').fill('grace@newmail.test');
  await edit.getByLabel('Mobile').fill('+1 415 555 0177');
  await edit
    .getByRole('note')
    .getByText(/change on every matter/)
    .waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'party-edit');
  await edit.getByRole('button', { name: 'Save' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Grace Client' });
  await row.getByText('grace@newmail.test · +14155550177').waitFor();
  await row.getByText('Witness', { exact: true }).waitFor();

  // Remove: the dialog names the conversation and the shared folder before anything happens.
  await page.getByRole('button', { name: 'Remove Grace Client' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove Grace Client from the matter' });
  await remove.getByText(/The conversation: “/).waitFor();
  await remove.getByText('Access to what is shared with them: the folder “Lease drafts”.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'party-remove');
  await remove.getByRole('button', { name: 'Remove Grace Client' }).click();
  await page.getByText('No parties yet.').waitFor();
  const after = await inPage<{ items: unknown[] }>(page, 'GET', `/matters/${matterId}/parties`);
  expect(after.items).toEqual([]);
  await page.close();
});
