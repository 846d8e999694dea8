/**
 * The portal's guide and welcome (#13 item 2): /portal/guide before sign-in, from the sign-in page
 * and from the invitation email, with its pictures of the real screens; the firm's welcome on the
 * first visit after sign-in, closed, still closed after a reload, and brought back.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('guide', { OUTBOX_SHOW_SECRETS: 'true', FIRM_NAME: 'Lovelace & Partners' });
const firm = 'Lovelace & Partners';
const welcomeText = 'Welcome, and thank you for choosing us.\nWe answer within one working day.';

/** At a phone's width: nothing scrolls sideways; the top bar's, the guide's and the welcome's links and buttons are 44 px. */
async function expectPhoneFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(
    page.locator(
      'header a, header button, .guide a, .welcome a, .welcome button, .portal-help a, .portal-help button',
    ),
  );
}

it('a client reads the guide before signing in, then gets the welcome once, closes it and brings it back', async () => {
  // Staff: the welcome text, a matter, a client and a message (the invitation).
  const staff = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(staff);
  const url = journey.server.url;
  const { write, matterId, partyId } = await matterWithClient(staff, url, {
    title: 'Elm Street',
    name: 'Grace Hopper',
    email: 'grace@client.test',
  });
  const setWelcome = async (text: string | null) =>
    okJson(await staff.request.patch('/api/v1/firm', { ...write, data: { welcomeText: text } }));
  await setWelcome(welcomeText);
  await okJson(
    await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
      ...write,
      data: { partyIds: [partyId], body: 'The agreement is ready.' },
    }),
  );
  const link = await fromOutbox(staff, url, 'grace@client.test', SIGN_IN_LINK);
  const guideLink = await fromOutbox(
    staff,
    url,
    'grace@client.test',
    /New to the portal\? Read the guide: (\S+)/,
  );
  expect(guideLink).toMatch(/\/portal\/guide\?firm=/);

  // Before sign-in: the sign-in page links to the guide.
  const client = await phonePage(journey.browser, url);
  await client.goto('/portal');
  await client.getByRole('heading', { name: `Sign in to the ${firm} client portal` }).waitFor();
  await client.getByRole('main').getByRole('link', { name: 'Read the guide' }).click();
  await client.getByRole('heading', { level: 1, name: `How to use the ${firm} client portal` }).waitFor();
  expect(new URL(client.url()).pathname).toBe('/portal/guide');
  await expect.poll(() => client.title()).toBe(`Guide · ${firm}`);
  for (const section of [
    'Signing in with a link by email',
    'Protected messages and the code',
    'When a link has expired',
  ])
    await client.getByRole('heading', { level: 2, name: section }).waitFor();
  // Every picture loads (the lazy ones once scrolled to) and says what it shows.
  const pictures = client.locator('img.guide-picture');
  expect(await pictures.count()).toBe(6);
  for (const picture of await pictures.all()) {
    await picture.scrollIntoViewIfNeeded();
    await expect
      .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(390);
    expect((await picture.getAttribute('alt'))?.length).toBeGreaterThan(30);
  }
  expect(await axeViolations(client)).toEqual([]);
  await expectPhoneFriendly(client);
  await snapSizes(client, 'portal-guide');
  // The same page straight from the email's address; the header links to it from every page.
  await client.goto(guideLink);
  await client.getByRole('banner').getByRole('link', { name: 'Guide' }).waitFor();
  await client.getByRole('link', { name: 'Go to the sign-in page' }).click();
  await client.getByRole('heading', { name: `Sign in to the ${firm} client portal` }).waitFor();

  // First sign-in: the firm's welcome, with the guide a tap away.
  await client.goto(link);
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  const welcome = client.getByRole('region', { name: 'Welcome' });
  await welcome.getByText('Welcome, and thank you for choosing us.').waitFor();
  await welcome.getByText('We answer within one working day.').waitFor();
  expect(await welcome.getByRole('link', { name: 'Read the short guide' }).getAttribute('href')).toBe(
    '/portal/guide',
  );
  expect(await axeViolations(client)).toEqual([]);
  await expectPhoneFriendly(client);
  await snapSizes(client, 'portal-welcome');

  // Closed: focus goes to "Show welcome"; a reload keeps it closed.
  await welcome.getByRole('button', { name: 'Got it' }).click();
  await expect.poll(() => welcome.count()).toBe(0);
  const reopen = client.getByRole('button', { name: 'Show welcome' });
  expect(await reopen.evaluate((el) => el === document.activeElement)).toBe(true);
  await client.reload();
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  await reopen.waitFor();
  await client.getByRole('link', { name: 'Elm Street' }).waitFor();
  expect(await welcome.count()).toBe(0);
  await snapSizes(client, 'portal-welcome-closed');

  // Brought back from the home page, focus on it; its link opens the guide, signed in.
  await reopen.click();
  await welcome.waitFor();
  expect(await client.evaluate(() => document.activeElement?.id)).toBe('welcome-title');
  expect(await axeViolations(client)).toEqual([]);
  await welcome.getByRole('link', { name: 'Read the short guide' }).click();
  await client.getByRole('heading', { level: 1, name: `How to use the ${firm} client portal` }).waitFor();
  await client.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
  await client.getByRole('link', { name: 'Back to your messages' }).click();
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();

  // A firm with no welcome text of its own: a default one that names the firm.
  await setWelcome(null);
  await client.reload();
  await reopen.click();
  await welcome.getByText(`Welcome to the ${firm} client portal. Here you can read messages`).waitFor();
  await staff.close();
  await client.close();
});
