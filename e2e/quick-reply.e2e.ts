/**
 * The quick-reply page a client opens from an SMS (#13 item 6), on a phone and a laptop: the firm's
 * name and colour from the first frame (while loading too), the matter, the last messages with their
 * file, shared folder and link named, a protected message locked without its text or file names,
 * "Sign in to see files"; a reply kept across a reload and a failed send, then sent; and the same
 * link once dead: "This link has expired", in the firm's name, with the unsent reply still there; a
 * server that cannot answer: said in words, with Try again.
 */
import type { APIResponse, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('quick', { OUTBOX_SHOW_SECRETS: 'true' });
const FIRM = 'Lovelace & Partners';
const SECRET = { body: 'The settlement offer is 40,000', file: 'Secret settlement terms.pdf' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function ok<T>(res: APIResponse): Promise<T> {
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

/** A matter with a client, a message with a file, a shared folder and a link, a protected one, and an SMS. */
async function seed(admin: Page) {
  const write = { headers: { origin: journey.server.url } };
  const post = async <T = { id: string }>(url: string, data: unknown) =>
    ok<T>(await admin.request.post(`/api/v1${url}`, { ...write, data }));
  await ok(
    await admin.request.patch('/api/v1/firm', { ...write, data: { name: FIRM, brandColor: '#6b1d4f' } }),
  );
  const matter = await post('/matters', { title: 'Hopper Estate' });
  const contact = await post('/contacts', { name: 'Grace Hopper', mobile: '+14155550166' });
  const party = await post(`/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Client' });
  const upload = async (name: string, text: string) => {
    const res = await admin.request.post(`/api/v1/matters/${matter.id}/documents`, {
      ...write,
      multipart: { file: { name, mimeType: 'application/pdf', buffer: Buffer.from(text) } },
    });
    return (await ok<{ items: { id: string }[] }>(res)).items[0]!.id;
  };
  const letter = await upload('Engagement letter.pdf', '%PDF-1.4 engagement letter'.repeat(60));
  const secret = await upload(SECRET.file, '%PDF-1.4 secret');
  const folder = await post(`/matters/${matter.id}/folders`, { name: 'Tax returns' });
  const first = await post<{ conversation: { id: string } }>(`/matters/${matter.id}/messages`, {
    partyIds: [party.id],
    body: 'Here is the engagement letter, and a folder for your tax returns.',
    attachments: [{ documentId: letter }],
    shares: [{ folderId: folder.id }],
    links: [{ url: 'https://courts.example.gov/docket/42', label: 'Court docket' }],
  });
  const conversationId = first.conversation.id;
  await post(`/conversations/${conversationId}/messages`, {
    body: SECRET.body,
    requireMfa: true,
    attachments: [{ documentId: secret }],
  });
  await post(`/conversations/${conversationId}/messages`, {
    body: 'Can you sign the letter this week?',
    sendAsSms: true,
  });
  let link: string | undefined;
  await expect
    .poll(async () => {
      const { items } = await ok<{ items: { to: string; text: string }[] }>(
        await admin.request.get('/api/v1/dev/outbox'),
      );
      link = items
        .map((i) => (i.to === '+14155550166' ? /\/r\/[A-Za-z0-9_-]+/.exec(i.text)?.[0] : undefined))
        .find(Boolean);
      return link !== undefined;
    })
    .toBe(true);
  return { link: `${journey.server.url}${link}`, conversationId, partyId: party.id, write };
}

async function expectFirmHeader(page: Page) {
  const header = page.getByRole('banner');
  await header.getByText(FIRM).waitFor();
  expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(107, 29, 79)');
}

async function expectPhoneFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(page.locator('main a, main button, main textarea, header a'));
  expect(await axeViolations(page)).toEqual([]);
}

it('opens a quick link on a phone: firm, matter, files named, protected message locked; a reply survives a reload and a failed send; a dead link says it expired', async () => {
  const admin = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(admin);
  const { link, conversationId, partyId, write } = await seed(admin);

  // While the page loads, the firm's header is already there (GET /branding).
  const phone = await journey.browser.newPage(PHONE);
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await phone.route('**/api/v1/quick/*', async (route) => {
    await held;
    await route.continue().catch(() => {}); // a request the page gave up on meanwhile
  });
  await phone.goto(link);
  await phone.getByRole('status').getByText('Loading your messages').waitFor();
  await expectFirmHeader(phone);
  await snapSizes(phone, 'quick-loading');
  const answered = phone.waitForResponse((r) => r.url().includes('/api/v1/quick/'));
  release();
  await answered;
  await phone.unroute('**/api/v1/quick/*');

  // The matter and its messages, files, folder and link named; the protected one gives nothing away.
  await phone.getByRole('heading', { name: 'Hopper Estate' }).waitFor();
  await expectFirmHeader(phone);
  await expect.poll(() => phone.title()).toBe(`Reply about Hopper Estate · ${FIRM}`);
  const first = phone.getByRole('listitem', { name: 'Message from Administrator' }).first();
  await first.getByText('Engagement letter.pdf').waitFor();
  await first.getByText(/^PDF document · 1\.\d KB$/).waitFor();
  await first.getByText('Shared folder: Tax returns').waitFor();
  const docket = first.getByRole('link', { name: /Court docket/ });
  expect(await docket.getAttribute('href')).toBe('https://courts.example.gov/docket/42');
  await docket.getByText('courts.example.gov').waitFor();
  const locked = phone.getByRole('listitem', { name: /^Protected message from/ });
  await locked.getByText('Protected message — sign in to read it').waitFor();
  expect(await locked.getByRole('link', { name: 'sign in to read it' }).getAttribute('href')).toMatch(
    /^\/portal\?firm=/,
  );
  const page = await phone.content();
  expect(page).not.toContain(SECRET.body);
  expect(page).not.toContain(SECRET.file);
  const signIn = phone.getByRole('link', { name: 'Sign in to see files' });
  expect(await signIn.getAttribute('href')).toMatch(/^\/portal\?firm=/);
  await expectPhoneFriendly(phone);
  await snapSizes(phone, 'quick-messages');

  // A draft is kept across a reload, and through a send that fails.
  const reply = phone.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Yes, I will sign it on Thursday.');
  await phone.reload();
  await phone.getByRole('heading', { name: 'Hopper Estate' }).waitFor();
  expect(await reply.inputValue()).toBe('Yes, I will sign it on Thursday.');
  await phone.route('**/api/v1/quick/*/messages', (route) => route.abort());
  await phone.getByRole('button', { name: 'Send reply' }).click();
  await phone
    .getByRole('alert')
    .getByText(/Your reply was not sent\. .*could not be reached/)
    .waitFor();
  expect(await reply.inputValue()).toBe('Yes, I will sign it on Thursday.');
  await expectPhoneFriendly(phone);
  await snapSizes(phone, 'quick-send-failed');
  await phone.unroute('**/api/v1/quick/*/messages');

  // Sent: said so, shown in the list, the box empty (also after a reload).
  await phone.getByRole('button', { name: 'Send reply' }).click();
  await phone.getByRole('status').getByText('Your reply was sent.').waitFor();
  await phone
    .getByRole('listitem', { name: 'Message from Grace Hopper' })
    .getByText('Yes, I will sign it on Thursday.')
    .waitFor();
  expect(await reply.inputValue()).toBe('');
  await expectPhoneFriendly(phone);
  await snapSizes(phone, 'quick-sent');
  await phone.reload();
  await phone.getByRole('heading', { name: 'Hopper Estate' }).waitFor();
  expect(await reply.inputValue()).toBe('');

  // The client is taken off the conversation: the link is dead, the typed reply is not lost.
  await reply.fill('One more question about page 2.');
  const conversation = await ok<{ participants: { id: string; refId: string }[] }>(
    await admin.request.get(`/api/v1/conversations/${conversationId}`),
  );
  const participant = conversation.participants.find((p) => p.refId === partyId)!;
  const removed = await admin.request.delete(
    `/api/v1/conversations/${conversationId}/participants/${participant.id}`,
    write,
  );
  expect(removed.status()).toBe(204);
  await phone.getByRole('button', { name: 'Send reply' }).click();
  await phone
    .getByRole('alert')
    .getByText(/This link has expired, so your reply was not sent/)
    .waitFor();
  expect(await reply.inputValue()).toBe('One more question about page 2.');
  await phone.reload();
  await phone.getByRole('heading', { name: 'This link has expired' }).waitFor();
  await expectFirmHeader(phone);
  await phone.getByText(`Ask ${FIRM} for a new one`, { exact: false }).waitFor();
  expect(await phone.getByLabel('Your unsent reply (kept on this device)').inputValue()).toBe(
    'One more question about page 2.',
  );
  expect(
    await phone.getByRole('link', { name: 'Sign in to the client portal' }).getAttribute('href'),
  ).toMatch(/^\/portal\?firm=/);
  await expect.poll(() => phone.title()).toBe(`Link expired · ${FIRM}`);
  await expectPhoneFriendly(phone);
  await snapSizes(phone, 'quick-expired');

  // On a device that never opened a link of this firm, the dead link still names the firm; when the
  // server cannot answer, the page says so in words and offers Try again.
  const fresh = await journey.browser.newPage(PHONE);
  await fresh.route('**/api/v1/quick/*', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'The database is not answering' } }),
    }),
  );
  await fresh.goto(link);
  await fresh.getByRole('heading', { name: 'We could not load your messages' }).waitFor();
  await fresh
    .getByRole('alert')
    .getByText('Parley cannot answer right now. Try again in a moment.')
    .waitFor();
  await expectFirmHeader(fresh);
  await expectPhoneFriendly(fresh);
  await snapSizes(fresh, 'quick-load-error');
  await fresh.unroute('**/api/v1/quick/*');
  await fresh.getByRole('button', { name: 'Try again' }).click();
  await fresh.getByRole('heading', { name: 'This link has expired' }).waitFor();
  await expectFirmHeader(fresh);
  await fresh.getByText(`Ask ${FIRM} for a new one`, { exact: false }).waitFor();
  await fresh.close();
  await phone.close();
  await admin.close();
});
