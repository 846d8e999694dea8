/**
 * The firm's own portal (#13 item 1) on the server: the quick-reply page's answer carries the
 * firm's branding fields, and every client email (invitation, sign-in link, step-up code,
 * new-message notice) is in the firm's name, logo and colour, with no message content.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationEmail } from '../src/modules/notifications/email-templates';
import type { OutboxItem } from '../src/platform/outbox/outbox-store';
import { multipart, PNG } from './files-helpers';
import { call, createTestEnv, PUBLIC_URL, type SeededStaff, seedFirm, type TestEnv } from './helpers';
import { runJobs, tokenFromText } from './support/jobs';

const FIRM = 'Lovelace & Partners';
const COLOUR = '#6b1d4f';
const SECRET = 'The settlement offer is 40,000';
const QUIET_MS = 0.01 * 60_000;

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;
let logoUrl: string;

beforeAll(async () => {
  env = await createTestEnv({ env: { NOTIFY_QUIET_MINUTES: '0.01' } });
  // Another firm first: the emails and the quick-reply page must not fall back to the instance's first firm.
  await seedFirm(env.deps, 'First Firm On This Instance');
  const seeded = await seedFirm(env.deps, FIRM);
  admin = seeded.admin;
  firmId = seeded.firm.id;
  const patched = await call(env.app, 'PATCH', '/firm', {
    as: admin,
    body: { brandColor: COLOUR, welcomeText: 'Welcome to our portal.' },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const logo = await call(env.app, 'PUT', '/firm/logo', {
    as: admin,
    ...multipart([{ name: 'logo.png', content: PNG, type: 'image/png' }]),
  });
  expect(logo.statusCode, logo.body).toBe(200);
  logoUrl = logo.json().logoUrl;
});
afterAll(() => env.close());

const mailsTo = async (to: string): Promise<OutboxItem[]> =>
  (await env.deps.outbox.list()).filter((i) => i.channel === 'email' && i.to === to).reverse();
const smsTo = async (to: string) =>
  (await env.deps.outbox.list()).filter((i) => i.channel === 'sms' && i.to === to);

let clients = 0;

/** A client with email and mobile on a new matter, sent a first message as SMS (invitation + SMS). */
async function clientWithMessage() {
  const email = `grace-${randomUUID().slice(0, 8)}@client.test`;
  const mobile = `+141555526${String(80 + clients++)}`;
  const matter = (
    await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'Hopper Estate' } })
  ).json();
  const created = await call(env.app, 'POST', '/contacts', {
    as: admin,
    body: { name: 'Grace Client', email, mobile },
  });
  expect(created.statusCode, created.body).toBe(201);
  const added = await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
    as: admin,
    body: { contactId: created.json().id, role: 'Client' },
  });
  expect(added.statusCode, added.body).toBe(201);
  const party = added.json();
  const sent = await call(env.app, 'POST', `/matters/${matter.id}/messages`, {
    as: admin,
    body: { partyIds: [party.id], body: SECRET, sendAsSms: true },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  await runJobs(env.deps);
  return { email, mobile, conversationId: sent.json().conversation.id as string };
}

/** What every client email of this firm shows, and what it never carries. */
function expectBranded(mail: OutboxItem) {
  expect(mail.fromName).toBe(FIRM);
  expect(mail.html).toContain(`background:${COLOUR}`);
  expect(mail.html).toContain(`<img src="${PUBLIC_URL}${logoUrl.replaceAll('&', '&amp;')}"`);
  expect(mail.html).toContain('alt="Lovelace &amp; Partners logo"');
  expect(mail.html).toContain('Lovelace &amp; Partners');
  expect(mail.text).toContain(FIRM);
  for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toContain(SECRET);
}

describe('quick-reply page', () => {
  it("answers with the firm's branding fields, the same as GET /branding for that firm", async () => {
    const { mobile } = await clientWithMessage();
    const [sms] = await smsTo(mobile);
    const token = /\/r\/([A-Za-z0-9_-]+)/.exec(sms!.text)![1]!;
    const view = await call(env.app, 'GET', `/quick/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    const branding = (await call(env.app, 'GET', `/branding?firm=${firmId}`)).json();
    expect(view.json()).toMatchObject({
      ...branding,
      firmName: FIRM,
      brandColor: COLOUR,
      logoUrl,
      welcomeText: 'Welcome to our portal.',
      firm: { name: FIRM },
      matter: { title: 'Hopper Estate' },
    });
    // The logo it names is served without signing in.
    expect((await env.app.inject({ method: 'GET', url: logoUrl })).statusCode).toBe(200);
  });
});

describe('client emails', () => {
  it('invitation, sign-in link, step-up code and new-message notice: firm name, logo, colour, no content', async () => {
    const { email, conversationId } = await clientWithMessage();
    const [invitation] = await mailsTo(email);
    expect(invitation!.subject).toBe(`${FIRM} has sent you a secure message about Hopper Estate`);
    expectBranded(invitation!);

    expect((await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } })).statusCode).toBe(
      202,
    );
    await runJobs(env.deps);
    const link = (await mailsTo(email)).at(-1)!;
    expect(link.subject).toBe(`Your sign-in link for the ${FIRM} client portal`);
    expectBranded(link);

    const session = (
      await call(env.app, 'POST', '/portal/auth/exchange', { body: { token: tokenFromText(link.text) } })
    ).json();
    // The portal names the firm of each conversation, for GET /branding?firm= (its header and tab title).
    const inbox = (await call(env.app, 'GET', '/portal/conversations', { as: session })).json();
    expect(inbox.items.map((c: { firm: unknown }) => c.firm)).toEqual([{ id: firmId, name: FIRM }]);
    const challenge = await call(env.app, 'POST', '/portal/mfa/challenge', {
      as: session,
      body: { channel: 'email' },
    });
    expect(challenge.statusCode, challenge.body).toBe(202);
    await runJobs(env.deps);
    const code = (await mailsTo(email)).at(-1)!;
    expect(code.subject).toMatch(
      new RegExp(`^\\d{6} is your verification code for the ${FIRM} client portal$`),
    );
    expectBranded(code);

    // Signed in once: the next unread message brings a new-message notice after the quiet period.
    await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: admin,
      body: { body: SECRET },
    });
    await new Promise((r) => setTimeout(r, QUIET_MS + 150));
    await runJobs(env.deps);
    const notice = (await mailsTo(email)).at(-1)!;
    expect(notice.subject).toBe(`New secure message from ${FIRM} about Hopper Estate`);
    expectBranded(notice);
    expect(notice.html).toContain(`${PUBLIC_URL}/portal/conversations/${conversationId}`);
  });

  it('the invitation and the sign-in link email point a new client to the guide, in text and HTML', async () => {
    const { email } = await clientWithMessage();
    expect((await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } })).statusCode).toBe(
      202,
    );
    await runJobs(env.deps);
    const [invitation, link] = await mailsTo(email);
    expect(link!.subject).toBe(`Your sign-in link for the ${FIRM} client portal`);
    // The guide in the firm's brand: the firm of the matter, the client's only firm for the sign-in link.
    const guide = `${PUBLIC_URL}/portal/guide?firm=${firmId}`;
    for (const mail of [invitation!, link!]) {
      expect(mail.text).toContain(`New to the portal? Read the guide: ${guide}\n`);
      expect(mail.html).toContain(`New to the portal? Read the guide: <a href="${guide}">${guide}</a>`);
    }
  });

  it('escapes the firm name in the HTML part and puts only a #rrggbb colour into a style', () => {
    const mail = invitationEmail({
      brand: {
        firmName: 'Evil <script>alert(1)</script>\r\nBcc: x@y.test',
        logoUrl: 'http://parley.test/logo?a=1&b="x"',
        brandColor: 'red;background:url(http://tracker.test)',
        guideUrl: 'http://parley.test/portal/guide',
        defaultLocale: 'en',
      },
      locale: null,
      recipientName: 'Grace',
      matterTitle: 'M',
      link: 'http://parley.test/portal/sign-in?token=abc',
      linkToken: 'abc',
      validDays: 7,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Evil &lt;script&gt;');
    expect(mail.html).toContain('src="http://parley.test/logo?a=1&amp;b=&quot;x&quot;"');
    expect(mail.html).not.toContain('tracker.test');
    expect(mail.html).toContain('background:#1f3a5f');
    expect(mail.fromName).toBe('Evil <script>alert(1)</script> Bcc: x@y.test');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
