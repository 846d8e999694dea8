/**
 * The portal's home page (#13 items 3, 8, 9): two conversations newest activity first with their
 * unread counts, a protected message's preview withheld, "Shared with you" newest first, each row one
 * 44 px link; a client with no conversation yet is told what happens next. Phone and desktop.
 */
import type { Cookie, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
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

const journey = useJourney('portal-home', { OUTBOX_SHOW_SECRETS: 'true', FIRM_NAME: 'Lovelace & Partners' });

const rowTitles = (page: Page, section: string) =>
  page.getByRole('region', { name: section }).locator('.home-row-title').allTextContents();

async function expectPhoneFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(page.locator('header a, header button, main a, main button'));
  // The top bar is one row: its items all share a horizontal band.
  const boxes = await page
    .locator('header > *')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0));
  expect(Math.max(...boxes.map((b) => b.top))).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)));
}

it('a client sees two conversations newest first with unread counts, a locked preview and the shared files', async () => {
  const staff = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(staff);
  const url = journey.server.url;
  const elm = await matterWithClient(staff, url, {
    title: 'Elm Street',
    name: 'Grace Hopper',
    email: 'grace@client.test',
  });
  const { write } = elm;
  const oak = await sameClientOnMatter(staff, elm, 'Oak Lane lease');
  const upload = async (matterId: string, name: string) =>
    (
      await okJson<{ items: { id: string }[] }>(
        await staff.request.post(`/api/v1/matters/${matterId}/documents`, {
          ...write,
          multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(`${name}\n`) } },
        }),
      )
    ).items[0]!;
  const post = async (matterId: string, partyId: string, data: Record<string, unknown>) =>
    okJson(
      await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
        ...write,
        data: { partyIds: [partyId], ...data },
      }),
    );
  const agreement = await upload(elm.matterId, 'Agreement.txt');
  await post(elm.matterId, elm.partyId, {
    body: 'The agreement is ready.',
    shares: [{ documentId: agreement.id }],
  });
  await post(elm.matterId, elm.partyId, { body: 'Please read it before Friday.' });
  const lease = await upload(oak.matterId, 'Lease.txt');
  await post(oak.matterId, oak.partyId, {
    body: 'The lease is attached.',
    shares: [{ documentId: lease.id }],
  });
  await post(oak.matterId, oak.partyId, { body: 'The landlord accepts 1,200 a month.', requireMfa: true });
  const link = await fromOutbox(staff, url, 'grace@client.test', SIGN_IN_LINK);

  // Signed in on the phone; the same session on a laptop.
  let cookies: Cookie[] = [];
  for (const phone of [true, false]) {
    const client = phone
      ? await phonePage(journey.browser, url)
      : await journey.browser.newPage({ baseURL: url, viewport: { width: 1280, height: 800 } });
    if (phone) await client.goto(link);
    else {
      await client.context().addCookies(cookies);
      await client.goto('/portal');
    }
    await client.getByRole('heading', { name: 'Your messages' }).waitFor();
    const got = client.getByRole('button', { name: 'Got it' });
    if (await got.count()) await got.click();
    const conversations = client.getByRole('region', { name: 'Conversations' });
    await conversations.locator('.home-row').nth(1).waitFor();
    // Newest activity first; the protected message's words are withheld.
    expect(await rowTitles(client, 'Conversations')).toEqual(['Oak Lane lease', 'Elm Street']);
    const oakRow = conversations.getByRole('link', { name: /Oak Lane lease/ });
    expect(await oakRow.textContent()).toContain('Protected message');
    expect(await oakRow.textContent()).not.toContain('1,200');
    expect(await oakRow.locator('.badge').textContent()).toBe('2 unread');
    const elmRow = conversations.getByRole('link', { name: /Elm Street/ });
    expect(await elmRow.textContent()).toContain('Please read it before Friday.');
    expect(await elmRow.textContent()).toContain('Lovelace & Partners');
    // Read on the phone before the laptop's turn: no count left there.
    if (phone) expect(await elmRow.locator('.badge').textContent()).toBe('2 unread');
    else expect(await elmRow.locator('.badge').count()).toBe(0);
    // Shared with you: newest first.
    expect(await rowTitles(client, 'Shared with you')).toEqual(['Lease.txt', 'Agreement.txt']);
    const shared = client.getByRole('region', { name: 'Shared with you' });
    expect(await shared.getByRole('link', { name: /Lease\.txt/ }).textContent()).toContain(
      'Shared · Text file, 10 B · Oak Lane lease',
    );
    expect(await axeViolations(client)).toEqual([]);
    if (phone) await expectPhoneFriendly(client);
    else {
      // At 1280 px the two lists stand side by side.
      const a = (await conversations.boundingBox())!;
      const b = (await client.getByRole('region', { name: 'Shared with you' }).boundingBox())!;
      expect(b.x).toBeGreaterThan(a.x + a.width - 1);
      expect(Math.abs(b.y - a.y)).toBeLessThan(2);
    }
    await snapSizes(client, phone ? 'portal-home' : 'portal-home-desktop');
    if (phone) {
      // The whole row is the link to the conversation; back home its count is gone.
      // By keyboard: the row takes focus and Enter opens it.
      await elmRow.focus();
      expect(await elmRow.evaluate((el) => el === document.activeElement)).toBe(true);
      // Back only once the conversation has marked itself read (its text is on the home row too, so
      // seeing it proves nothing: a slow machine once went back before the thread had loaded).
      const read = client.waitForResponse(
        (r) => r.request().method() === 'POST' && /\/portal\/conversations\/[^/]+\/read$/.test(r.url()),
      );
      await client.keyboard.press('Enter');
      await client.waitForURL(/\/portal\/conversations\//);
      expect((await read).status()).toBe(204);
      await client.goBack();
      await expect.poll(() => elmRow.locator('.badge').count()).toBe(0);
      cookies = await client.context().cookies();
    }
    await client.close();
  }
  await staff.close();
});

it('a client with no conversation yet is told the firm will write here', async () => {
  const staff = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(staff);
  const url = journey.server.url;
  await matterWithClient(staff, url, { title: 'Birch Road', name: 'Alan Turing', email: 'alan@client.test' });
  const client = await phonePage(journey.browser, url);
  await okJson(
    await client.request.post('/api/v1/portal/auth/email-link', {
      headers: { origin: url },
      data: { email: 'alan@client.test' },
    }),
  );
  await client.goto(await fromOutbox(staff, url, 'alan@client.test', SIGN_IN_LINK));
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  const conversations = client.getByRole('region', { name: 'Conversations' });
  await conversations.getByText('No conversations yet.').waitFor();
  await conversations.getByText('Your law firm will write to you here.').waitFor();
  await client
    .getByRole('region', { name: 'Shared with you' })
    .getByText('Nothing is shared with you right now.')
    .waitFor();
  expect(await axeViolations(client)).toEqual([]);
  await expectPhoneFriendly(client);
  await snapSizes(client, 'portal-home-empty');
  await staff.close();
  await client.close();
});
