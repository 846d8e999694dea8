/**
 * The portal's conversation page (#13 item 3) on a phone and a laptop: it names the matter and the
 * people (staff with their firm, parties by name), opens at the newest of 26 messages, keeps the
 * reader's place when earlier ones load, unlocks a protected message in the middle of the thread in
 * place with the code from the outbox (focus in the code field, then on the message), brings a
 * message that arrives into view, and shows designed loading, "No messages yet" and load-error
 * (Try again) states.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { codeFromText } from '../server/test/support/jobs';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('convo', { OUTBOX_SHOW_SECRETS: 'true' });
const FIRM = 'Lovelace & Partners';
const CLIENT = 'cleo@convo.test';
const SECRET = 'The vault code is 4455';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${journey.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const outboxTo = async (admin: string, to: string) =>
  (await api<{ items: { to: string; text: string }[] }>('GET', '/dev/outbox', admin)).items.filter(
    (i) => i.to === to,
  );

/** Ada Staff writes 26 messages to Cleo and Dan Witness, the 18th protected; and one empty conversation. */
async function seed() {
  const { token: admin } = await journey.call<{ token: string }>('/auth/login', journey.admin);
  await api('PATCH', '/firm', admin, { name: FIRM });
  const ada = { email: 'ada@convo.test', password: 'e2e staff password 1' };
  await api('POST', '/staff', admin, { name: 'Ada Staff', role: 'staff', ...ada });
  const { token } = await journey.call<{ token: string }>('/auth/login', ada);
  const post = <T = { id: string }>(path: string, body: unknown) => api<T>('POST', path, token, body);
  const matter = await post('/matters', { title: 'Estate of Lovelace' });
  const cleo = await post('/contacts', { name: 'Cleo Client', email: CLIENT });
  const dan = await post('/contacts', { name: 'Dan Witness' });
  const party = (contactId: string, role: string) =>
    post(`/matters/${matter.id}/parties`, { contactId, role });
  const [pc, pd] = [await party(cleo.id, 'Client'), await party(dan.id, 'Witness')];
  const conversation = await post(`/matters/${matter.id}/conversations`, {
    kind: 'external',
    partyIds: [pc.id, pd.id],
    title: 'Your will',
  });
  for (let n = 1; n <= 26; n++) {
    await post(`/conversations/${conversation.id}/messages`, {
      body: n === 18 ? SECRET : `Message number ${n}`,
      ...(n === 18 ? { requireMfa: true } : {}),
    });
  }
  const empty = await post(`/matters/${matter.id}/conversations`, {
    kind: 'external',
    partyIds: [pc.id],
    title: 'Questions',
  });
  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await outboxTo(admin, CLIENT))
        .map((i) => /\/portal\/sign-in\?token=[A-Za-z0-9_%-]+/.exec(i.text)?.[0])
        .find(Boolean);
      return link !== undefined;
    })
    .toBe(true);
  return {
    admin,
    ada: token,
    link: `${journey.server.url}${link}`,
    conversationId: conversation.id,
    emptyId: empty.id,
  };
}

const top = async (l: Locator) => (await l.boundingBox())!.y;
const message = (page: Page, text: string) => page.getByRole('listitem').filter({ hasText: text });

async function expectFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(
    page.locator('main a, main button, main input:not(.visually-hidden), main textarea, main label.button'),
  );
  expect(await axeViolations(page)).toEqual([]);
}

it('reads a long conversation on a phone: names, newest first in view, earlier in place, unlock in place', async () => {
  const { admin, ada, link, conversationId, emptyId } = await seed();
  const phone = await journey.browser.newPage(PHONE);
  await phone.goto(link);
  await phone.getByRole('heading', { name: 'Your messages' }).waitFor();

  // Loading: said in words.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await phone.route('**/api/v1/portal/conversations/*/messages?*', async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  await phone.goto(`${journey.server.url}/portal/conversations/${conversationId}`);
  await phone.getByRole('status').getByText('Loading your messages').waitFor();
  await snapSizes(phone, 'convo-loading');
  release();
  await phone.unroute('**/api/v1/portal/conversations/*/messages?*');

  // The matter and the people: staff with the firm, the other party by name, no role words.
  await phone.getByRole('heading', { name: 'Your will' }).waitFor();
  const about = phone.getByRole('region', { name: 'About this conversation' });
  await phone.locator('main').getByText('Matter: Estate of Lovelace').waitFor();
  await about
    .getByRole('listitem')
    .filter({ hasText: `Ada Staff · ${FIRM}` })
    .waitFor();
  await about.getByRole('listitem').filter({ hasText: 'Dan Witness' }).waitFor();
  expect(await phone.locator('main').innerText()).not.toContain('Administrator');

  // It opens at the newest message, in view; 20 of 26 are loaded.
  const newest = message(phone, 'Message number 26');
  await newest.waitFor();
  await expect
    .poll(() => newest.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight))
    .toBe(true);
  expect(await phone.evaluate(() => scrollY)).toBeGreaterThan(0);
  await newest.getByText(`· ${FIRM}`).waitFor();
  expect(await phone.getByText('Message number 6', { exact: true }).count()).toBe(0);
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-newest');

  // The protected 18th message: locked, its unlock controls inside it, where it is in the thread.
  const locked = phone.getByRole('listitem', { name: `Protected message from Ada Staff · ${FIRM}` });
  expect(await phone.content()).not.toContain(SECRET);
  const emailMe = locked.getByRole('button', { name: 'Email me a code' });
  await emailMe.scrollIntoViewIfNeeded();
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-locked-in-place');
  await emailMe.scrollIntoViewIfNeeded();
  let lockedTop = await top(locked);
  await emailMe.focus();
  await phone.keyboard.press('Enter');
  const codeField = locked.getByLabel('Code');
  await expect.poll(() => codeField.evaluate((el) => el === document.activeElement)).toBe(true);
  let code = '';
  await expect
    .poll(async () => {
      const mail = (await outboxTo(admin, CLIENT)).find(
        (i) => /\d{6}/.test(i.text) && !/sign-in/.test(i.text),
      );
      code = mail ? codeFromText(mail.text) : '';
      return code;
    })
    .not.toBe('');
  expect(Math.abs((await top(locked)) - lockedTop)).toBeLessThanOrEqual(2);
  await snapSizes(phone, 'convo-code-asked');
  // Mid-window, so the page below has room to keep it in place when it shrinks (the code form goes):
  // where the window was after the laptop-sized screenshot must not decide.
  await locked.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  lockedTop = await top(locked);
  await codeField.focus();
  await phone.keyboard.type(code);
  await phone.keyboard.press('Enter');
  const opened = phone
    .getByRole('listitem', { name: `Message from Ada Staff · ${FIRM}` })
    .filter({ hasText: SECRET });
  await opened.waitFor();
  expect(Math.abs((await top(opened)) - lockedTop)).toBeLessThanOrEqual(2);
  await expect.poll(() => opened.evaluate((el) => el === document.activeElement)).toBe(true);
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-unlocked');

  // Earlier messages load above; the message that was first stays where it was.
  const anchor = message(phone, 'Message number 7');
  await phone.evaluate(() => scrollTo(0, 0));
  const anchorTop = await top(anchor);
  const earlier = phone.getByRole('button', { name: 'Show earlier messages' });
  await earlier.focus();
  await phone.keyboard.press('Enter');
  await phone.getByText('Message number 1', { exact: true }).waitFor();
  expect(Math.abs((await top(anchor)) - anchorTop)).toBeLessThanOrEqual(2);
  expect(await earlier.count()).toBe(0);
  await expect
    .poll(() => message(phone, 'Message number 6').evaluate((el) => el === document.activeElement))
    .toBe(true);
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-earlier-loaded');

  // No messages yet: said, with what to do.
  await phone.goto(`${journey.server.url}/portal/conversations/${emptyId}`);
  await phone.getByRole('heading', { name: 'No messages yet' }).waitFor();
  await phone.getByText(`Write to ${FIRM} below`).waitFor();
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-empty');

  // A load error: in words, with Try again.
  let failing = true;
  let refused = 0;
  await phone.route('**/api/v1/portal/conversations/*/messages?*', (route) => {
    if (!failing) return route.continue();
    refused++;
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: '{"error":{"code":"unavailable","message":"down"}}',
    });
  });
  await phone.goto(`${journey.server.url}/portal/conversations/${conversationId}`);
  await phone.getByRole('heading', { name: 'We could not load your messages' }).waitFor();
  await phone.getByText('Parley cannot answer right now').waitFor();
  await expectFriendly(phone);
  await snapSizes(phone, 'convo-error');
  expect(refused).toBeGreaterThan(0);
  failing = false;
  await phone.getByRole('button', { name: 'Try again' }).click();
  await message(phone, 'Message number 26').waitFor();
  await phone.unroute('**/api/v1/portal/conversations/*/messages?*');

  // A message that arrives while the reader is at the newest comes into view.
  await api('POST', `/conversations/${conversationId}/messages`, ada, { body: 'Message number 27' });
  const arrived = message(phone, 'Message number 27');
  await arrived.waitFor();
  await expect
    .poll(() => arrived.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight))
    .toBe(true);

  // A laptop: the matter and people beside the thread.
  await phone.setViewportSize({ width: 1280, height: 800 });
  const thread = phone.getByRole('region', { name: 'Conversation', exact: true });
  expect((await about.boundingBox())!.x).toBeGreaterThan((await thread.boundingBox())!.x + 400);
  expect(await axeViolations(phone)).toEqual([]);
  expect(await noSidewaysScroll(phone)).toBe(true);
});
