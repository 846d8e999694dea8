/**
 * Firm settings (#14 items 9 and 10): an admin names the firm, uploads a logo, picks a brand colour
 * with a live contrast check, sets the welcome text, time zone and quiet hours; the top bar and
 * `GET /branding` follow. With no mail server, admins see the outbox banner and read the Outbox page.
 * The firm's own portal (#13 item 1): the client's sign-in page, portal pages and quick-reply page
 * show the firm's name, logo and colour, and the tab title names the firm and the unread count.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { useJourney } from './support/journey';

const journey = useJourney('settings', { OUTBOX_SHOW_SECRETS: 'true' });
const signIn = journey.signIn;
// A 2×2 PNG (red), checked by its bytes on the server.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

it('an admin sets the firm name, logo, colour, welcome text, time zone and quiet hours; the top bar and branding follow', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Firm settings' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Firm name').fill('Okafor & Lindqvist LLP');
  // A colour white text cannot be read on: said at once, and Save waits for a better one.
  const colour = page.getByRole('textbox', { name: 'Brand colour', exact: true });
  await colour.fill('#f5c542');
  await page.getByText(/contrast of only 1\.\d:1/).waitFor();
  expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'settings-low-contrast');
  await colour.fill('#6b1d4f');
  await page.getByText(/contrast of 1\d\.\d:1, readable/).waitFor();

  await page
    .getByLabel('Welcome text in the client portal')
    .fill('Welcome to the Okafor & Lindqvist portal.');
  await page.getByLabel('Time zone').selectOption('Europe/Stockholm');
  await page.getByLabel(/Quiet hours/).check();
  await page.getByLabel('Quiet from').fill('21:00');
  await page.getByLabel('Quiet until').fill('07:30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();

  // The logo: a text file is refused before it is sent; a PNG is taken and shown in the top bar.
  const logoFile = page.getByLabel('Logo file');
  await logoFile.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page
    .getByRole('alert')
    .getByText(/notes\.txt is not a PNG, JPEG or WebP/)
    .waitFor();
  await logoFile.setInputFiles({
    name: 'big.png',
    mimeType: 'image/png',
    buffer: Buffer.alloc(1024 * 1024 + 1),
  });
  await page
    .getByRole('alert')
    .getByText(/a logo may be at most 1\.0 MB/)
    .waitFor();
  await logoFile.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('img', { name: 'Okafor & Lindqvist LLP logo' }).waitFor();
  const header = page.getByRole('banner');
  await header.getByText('Okafor & Lindqvist LLP').waitFor();
  await expect
    .poll(() => header.locator('img.brand-logo').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(2);
  expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(107, 29, 79)');
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'settings-saved');

  // A reload keeps all of it: it was saved, not just shown.
  await page.reload();
  await page.getByRole('heading', { name: 'Firm settings' }).waitFor();
  expect(await page.getByLabel('Firm name').inputValue()).toBe('Okafor & Lindqvist LLP');
  expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Stockholm');
  expect(await page.getByLabel('Quiet from').inputValue()).toBe('21:00');
  expect(await page.getByLabel('Quiet until').inputValue()).toBe('07:30');

  // What the portal, sign-in pages and emails read.
  const branding = (await (await page.request.get('/api/v1/branding')).json()) as Record<string, unknown>;
  expect(branding).toMatchObject({
    firmName: 'Okafor & Lindqvist LLP',
    brandColor: '#6b1d4f',
    welcomeText: 'Welcome to the Okafor & Lindqvist portal.',
  });
  expect(branding.logoUrl).toEqual(expect.any(String));

  // Removing the logo brings the name back alone.
  await page.getByRole('button', { name: 'Remove logo' }).click();
  await page.getByText('No logo: the name is shown instead.').waitFor();
  await expect.poll(() => header.locator('img.brand-logo').count()).toBe(0);
  await page.close();
});

it('with no mail server, admins see the outbox banner and read what would have been sent, links included', async () => {
  const page = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await signIn(page);
  const banner = page.getByRole('region', { name: 'Outbox notice' });
  await banner.getByText(/Email and text messages are not being sent/).waitFor();

  // A client asks for a sign-in link: it goes to the outbox.
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Outbox matter');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Outbox matter/ }).waitFor();
  await page.getByLabel('Name').fill('Ada Client');
  await page.getByLabel('Email').fill('ada@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('ada@client.test').waitFor();
  const asked = await fetch(`${journey.server.url}/api/v1/portal/auth/email-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@client.test' }),
  });
  expect(asked.status).toBe(202);

  await banner.getByRole('link', { name: 'Open the outbox' }).click();
  await page.getByRole('heading', { name: 'Outbox' }).waitFor();
  const item = page.getByRole('listitem', { name: 'Email to ada@client.test' });
  await item.waitFor();
  const link = item.getByRole('link', { name: /\/portal/ });
  expect(await link.count()).toBeGreaterThan(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'outbox');
  await page.close();
});

/** The page's top bar shows the firm: its name, its logo (loaded) and its colour. */
async function expectBrandedHeader(page: Page, firm: string) {
  const header = page.getByRole('banner');
  await header.getByText(firm).waitFor();
  await expect
    .poll(() => header.locator('img.brand-logo').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(2);
  expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(107, 29, 79)');
}

it("the client's sign-in page, portal pages and quick-reply page are in the firm's name, logo and colour", async () => {
  const firm = 'Lovelace & Partners';
  const admin = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await signIn(admin);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await admin.getByLabel('Firm name').fill(firm);
  await admin.getByRole('textbox', { name: 'Brand colour', exact: true }).fill('#6b1d4f');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await admin.getByRole('status').getByText('Saved.').waitFor();
  await admin.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await admin.getByRole('img', { name: `${firm} logo` }).waitFor();

  // A matter, a client with email and mobile, and two messages for them, the first also by SMS.
  const url = journey.server.url;
  const { write, matterId, partyId } = await matterWithClient(admin, url, {
    title: 'Hopper Estate',
    name: 'Grace Hopper',
    email: 'grace@client.test',
    mobile: '+14155550188',
  });
  const sent = await okJson(
    await admin.request.post(`/api/v1/matters/${matterId}/messages`, {
      ...write,
      data: { partyIds: [partyId], body: 'Your documents are ready.', sendAsSms: true },
    }),
  );
  const conversationId = sent.conversation!.id;
  await okJson(
    await admin.request.post(`/api/v1/conversations/${conversationId}/messages`, {
      ...write,
      data: { body: 'Please sign page 2.' },
    }),
  );
  const invitation = await fromOutbox(admin, url, 'grace@client.test', SIGN_IN_LINK);
  const quickLink = await fromOutbox(admin, url, '+14155550188', /(http\S+\/r\/[A-Za-z0-9_-]+)/);
  await admin.close();

  // The sign-in page says whose portal it is.
  const client = await phonePage(journey.browser, url);
  await client.goto('/portal');
  await client.getByRole('heading', { name: `Sign in to the ${firm} client portal` }).waitFor();
  await expectBrandedHeader(client, firm);
  await expect.poll(() => client.title()).toBe(`Sign in · ${firm}`);
  expect(await axeViolations(client)).toEqual([]);
  await snapSizes(client, 'portal-sign-in');

  // Signed in: the home page, its tab counting the two unread messages.
  await client.goto(invitation);
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  await expectBrandedHeader(client, firm);
  await expect.poll(() => client.title()).toBe(`(2) Messages · ${firm}`);
  expect(await axeViolations(client)).toEqual([]);
  await snapSizes(client, 'portal-home');

  // The conversation: read, so the count goes; the buttons are in the firm's colour.
  await client.getByRole('link', { name: 'Hopper Estate' }).click();
  await client.getByText('Please sign page 2.').waitFor();
  await expectBrandedHeader(client, firm);
  await expect.poll(() => client.title()).toBe(`Hopper Estate · ${firm}`);
  const send = client.getByRole('button', { name: 'Send reply' });
  expect(await send.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(107, 29, 79)');
  expect(await axeViolations(client)).toEqual([]);
  await snapSizes(client, 'portal-conversation');

  // The quick-reply page from the SMS link, without signing in.
  const phone = await phonePage(journey.browser);
  await phone.goto(quickLink);
  await phone.getByText('Your documents are ready.').waitFor();
  await expectBrandedHeader(phone, firm);
  await expect.poll(() => phone.title()).toBe(`Reply about Hopper Estate · ${firm}`);
  expect(await axeViolations(phone)).toEqual([]);
  await snapSizes(phone, 'quick-reply');
  await phone.close();
  await client.close();
});
