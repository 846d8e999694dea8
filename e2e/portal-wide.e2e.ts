/**
 * The portal uses a laptop's width (#13 item 8): at 1280×800 a client's conversation page shows
 * their conversations (the home page's rows, newest first, unread counts) beside the open thread,
 * the open one marked; another one opens from the list (the URL changes, it is marked read, its
 * count goes, each keeps its own draft; back, forward and reload work). On a phone the page stays
 * one column, without the list. axe clean at both sizes.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snap, snapSizes } from './support/browser';
import {
  fromOutbox,
  matterWithClient,
  okJson,
  phonePage,
  SIGN_IN_LINK,
  sameClientOnMatter,
} from './support/demo';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('portal-wide', { OUTBOX_SHOW_SECRETS: 'true', FIRM_NAME: 'Lovelace & Partners' });

const readPosted = (page: Page, conversationId: string) =>
  page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' && r.url().endsWith(`/portal/conversations/${conversationId}/read`),
  );

it('at 1280 px the conversations stand beside the thread; another opens from the list; a phone has one column', async () => {
  const url = journey.server.url;
  const staff = await journey.browser.newPage({ baseURL: url });
  await journey.signIn(staff);
  const elm = await matterWithClient(staff, url, {
    title: 'Elm Street',
    name: 'Grace Hopper',
    email: 'grace@wide.test',
  });
  const { write } = elm;
  const oak = await sameClientOnMatter(staff, elm, 'Oak Lane lease');
  const post = async (matterId: string, partyId: string, body: string) =>
    (
      await okJson(
        await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
          ...write,
          data: { partyIds: [partyId], body },
        }),
      )
    ).conversation!.id;
  const elmId = await post(elm.matterId, elm.partyId, 'The agreement is ready.');
  await post(elm.matterId, elm.partyId, 'Please read it before Friday.');
  const oakId = await post(oak.matterId, oak.partyId, 'The lease is attached.');
  await post(oak.matterId, oak.partyId, 'The landlord accepts the rent.');
  const link = await fromOutbox(staff, url, 'grace@wide.test', SIGN_IN_LINK);

  const client = await journey.browser.newPage({ baseURL: url, viewport: { width: 1280, height: 800 } });
  await client.goto(link);
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  const got = client.getByRole('button', { name: 'Got it' });
  if (await got.count()) await got.click();

  // Elm Street open: the list beside it, newest first, Elm marked and read, Oak's two unread.
  const elmRead = readPosted(client, elmId);
  await client.goto(`/portal/conversations/${elmId}`);
  expect((await elmRead).status()).toBe(204);
  await client.getByRole('heading', { level: 1, name: 'Elm Street' }).waitFor();
  const list = client.getByRole('navigation', { name: 'Your conversations' });
  await list.locator('.home-row').nth(1).waitFor();
  expect(await list.locator('.home-row-title').allTextContents()).toEqual(['Oak Lane lease', 'Elm Street']);
  const elmRow = list.getByRole('link', { name: /Elm Street/ });
  const oakRow = list.getByRole('link', { name: /Oak Lane lease/ });
  expect(await elmRow.getAttribute('aria-current')).toBe('page');
  expect(await oakRow.getAttribute('aria-current')).toBeNull();
  expect(await oakRow.locator('.badge').textContent()).toBe('2 unread');
  await expect.poll(() => elmRow.locator('.badge').count()).toBe(0);
  // Side by side: the list left of the thread, the two level with each other.
  const thread = client.getByRole('region', { name: 'Conversation', exact: true });
  await thread.getByText('Please read it before Friday.').waitFor();
  const a = (await list.boundingBox())!;
  const b = (await thread.boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
  expect(b.y).toBeLessThan(a.y + a.height);
  expect(a.y).toBeLessThan(b.y + b.height);
  expect(await noSidewaysScroll(client)).toBe(true);
  expect(await axeViolations(client)).toEqual([]);
  await snap(client, 'portal-wide-elm-1280');

  // A draft for Elm Street, then Oak Lane from the list: its own page, read, its count gone.
  const reply = client.getByLabel('Your reply');
  await reply.fill('A draft for Elm Street');
  const oakRead = readPosted(client, oakId);
  await oakRow.click();
  await client.waitForURL(`**/portal/conversations/${oakId}`);
  await client.getByRole('heading', { level: 1, name: 'Oak Lane lease' }).waitFor();
  expect((await oakRead).status()).toBe(204);
  await expect.poll(() => oakRow.locator('.badge').count()).toBe(0);
  expect(await oakRow.getAttribute('aria-current')).toBe('page');
  expect(await elmRow.getAttribute('aria-current')).toBeNull();
  await thread.getByText('The landlord accepts the rent.').waitFor();
  expect(await reply.inputValue()).toBe('');
  expect(await axeViolations(client)).toEqual([]);
  await snap(client, 'portal-wide-oak-1280');

  // Back: Elm Street with its draft; forward and a reload: Oak Lane, still marked.
  await client.goBack();
  await client.waitForURL(`**/portal/conversations/${elmId}`);
  await client.getByRole('heading', { level: 1, name: 'Elm Street' }).waitFor();
  expect(await reply.inputValue()).toBe('A draft for Elm Street');
  await client.goForward();
  await client.waitForURL(`**/portal/conversations/${oakId}`);
  await client.reload();
  await client.getByRole('heading', { level: 1, name: 'Oak Lane lease' }).waitFor();
  await list.locator('.home-row').nth(1).waitFor();
  expect(await oakRow.getAttribute('aria-current')).toBe('page');

  // On a phone, the same session: one column, the list only on the home page.
  const phone = await phonePage(journey.browser, url);
  await phone.context().addCookies(await client.context().cookies());
  await phone.goto(`/portal/conversations/${oakId}`);
  await phone.getByRole('heading', { level: 1, name: 'Oak Lane lease' }).waitFor();
  await phone
    .getByRole('region', { name: 'Conversation', exact: true })
    .getByText('The landlord accepts the rent.')
    .waitFor();
  expect(await phone.getByRole('navigation', { name: 'Your conversations' }).count()).toBe(0);
  expect(await phone.locator('.convo-side, .home-row').count()).toBe(0);
  await phone.getByRole('link', { name: '← All conversations' }).waitFor();
  expect(await noSidewaysScroll(phone)).toBe(true);
  await expectTouchTargets(phone.locator('main a:visible, main button:visible, main textarea'));
  expect(await axeViolations(phone)).toEqual([]);
  await snapSizes(phone, 'portal-wide-oak');
  await phone.close();
  await client.close();
  await staff.close();
});
