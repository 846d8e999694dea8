/**
 * Messages, two panes (#14 item 3): the list beside the open thread at ≥ 1024 px, one or the other
 * on a phone; filters by kind and unread; the unread total in the top navigation and the tab title;
 * New direct message with the same person continues their conversation.
 */
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';

const journey = useJourney('messages');

const call = journey.call;

it('shows the unread total, filters the list, and opens a conversation beside it (alone on a phone)', async () => {
  const { token: adminToken, user: admin } = await call<{ token: string; user: { id: string } }>(
    '/auth/login',
    {
      email: journey.admin.email,
      password: journey.admin.password,
    },
  );
  await call(
    '/staff',
    { name: 'Bea Barrister', email: 'bea@messages.test', role: 'staff', password: 'bea password 12345' },
    adminToken,
  );
  const { token: bea } = await call<{ token: string }>('/auth/login', {
    email: 'bea@messages.test',
    password: 'bea password 12345',
  });
  const dm = await call<{ id: string }>('/conversations', { kind: 'direct', staffIds: [admin.id] }, bea);
  await call(`/conversations/${dm.id}/messages`, { body: 'Can you look at the Carter bundle today?' }, bea);
  await call(`/conversations/${dm.id}/messages`, { body: 'Page 40 onwards.' }, bea);
  // An external conversation of a matter, started by the admin (so read by them: not counted).
  const matter = await call<{ id: string }>('/matters', { title: 'Carter bundle' }, adminToken);
  const contact = await call<{ id: string }>(
    '/contacts',
    { name: 'Cy Client', email: 'cy@client.test' },
    adminToken,
  );
  const party = await call<{ id: string }>(
    `/matters/${matter.id}/parties`,
    { contactId: contact.id, role: 'Client' },
    adminToken,
  );
  await call(
    `/matters/${matter.id}/messages`,
    { partyIds: [party.id], body: 'Your bundle is ready.' },
    adminToken,
  );

  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await journey.signIn(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Messages 2 unread' }).waitFor();
  await expect.poll(() => page.title()).toBe('(2) My Law Firm');

  // Filters: External shows the matter's conversation (not the DM), Internal and Channels nothing,
  // Unread the DM.
  const list = page.getByRole('list', { name: 'Conversations' });
  await page.getByRole('button', { name: 'External', exact: true }).click();
  await list.getByRole('link', { name: /Cy Client/ }).waitFor();
  expect(await list.getByRole('link', { name: 'Bea Barrister' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Internal', exact: true }).click();
  await page.getByText('None of these right now.').waitFor();
  await page.getByRole('button', { name: 'Channels' }).click();
  await page.getByText('None of these right now.').waitFor();
  await page.getByRole('button', { name: 'Unread' }).click();
  await list.getByRole('link', { name: 'Bea Barrister' }).waitFor();
  expect(new URL(page.url()).search).toBe('?show=unread');

  // Opening it: the thread beside the list, read, so the counts go.
  await list.getByRole('link', { name: 'Bea Barrister' }).click();
  const thread = page.getByRole('region', { name: /Bea Barrister/ });
  await thread.getByText('Page 40 onwards.').waitFor();
  // The list pane stays beside the thread (its filters; the opened conversation may leave the
  // Unread filter's list as soon as it is read).
  await expect.poll(() => page.getByRole('button', { name: 'Unread' }).isVisible()).toBe(true);
  await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();
  await expect.poll(() => list.getByText('unread').count()).toBe(0);
  await expect.poll(() => page.title()).toBe('My Law Firm');
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'messages-two-panes');

  // A new message arrives live in the open thread.
  await call(`/conversations/${dm.id}/messages`, { body: 'Thanks!' }, bea);
  await thread.getByText('Thanks!').waitFor();

  // Composer: Add Link takes courts.gov/case (https:// added); a draft survives a reload.
  await thread.getByRole('button', { name: 'Add Link' }).click();
  const linkDialog = page.getByRole('dialog', { name: 'Add Link' });
  await linkDialog.getByLabel('URL').fill('not a link');
  await linkDialog.getByRole('button', { name: 'Insert link' }).click();
  await linkDialog
    .getByRole('alert')
    .getByText(/not a web address/)
    .waitFor();
  await linkDialog.getByLabel('URL').fill('courts.gov/case');
  await linkDialog.getByRole('button', { name: 'Insert link' }).click();
  await thread.getByText('https://courts.gov/case').waitFor();
  await thread.getByLabel('Message', { exact: true }).fill('Draft: the hearing moved to');
  await page.reload();
  await expect
    .poll(() => page.getByLabel('Message', { exact: true }).inputValue())
    .toBe('Draft: the hearing moved to');

  // On a phone: the thread alone, with a way back to the list.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await list.isVisible()).toBe(false);
  await page.getByRole('link', { name: '← All conversations' }).click();
  // Back to the list as it was filtered (Unread): now read, so it is not there, until All.
  await page.getByText('None of these right now.').waitFor();
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await list.getByRole('link', { name: 'Bea Barrister' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);

  // New direct message with Bea: the one that exists continues (it is opened, not made again).
  await page.getByRole('button', { name: 'New direct message' }).click();
  const newDm = page.getByRole('dialog', { name: 'New direct message' });
  await newDm.getByRole('checkbox', { name: 'Bea Barrister' }).check();
  await newDm
    .getByRole('status')
    .getByText(/^Continues the direct message with Bea Barrister \(last message today, .+\)\.$/)
    .waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'messages-new-dm-continues');
  await newDm.getByRole('button', { name: 'Open it' }).click();
  await page.waitForURL(`**/conversations/${dm.id}`);
  await page
    .getByRole('region', { name: /Bea Barrister/ })
    .getByText('Thanks!')
    .waitFor();
  await page.close();
});
