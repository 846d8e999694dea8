/**
 * The quick-reply page's answer (`GET /quick/:token`, #13 item 6): the firm (id, name, branding),
 * its locale, and the last messages with their attachments, shares and links named, while a
 * `requireMfa` message gives away nothing but that it is there: no body, file or folder names,
 * links or ids. A reply retried with the same `clientMessageId` is posted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatter, uploadFiles } from './files-helpers';
import { call, createTestEnv, type SeededStaff, seedFirm, type TestEnv } from './helpers';
import { runJobs } from './support/jobs';

const LOCKED = {
  body: 'The settlement offer is 40,000',
  attachment: 'Secret settlement terms.pdf',
  share: 'Offer letters',
  link: { url: 'https://vault.example.org/offer/77', label: 'Offer portal' },
};

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;
let conversationId: string;
let token: string;
let locked: { attachmentDoc: string; shareFolder: string };

beforeAll(async () => {
  env = await createTestEnv();
  const seeded = await seedFirm(env.deps, 'Lovelace & Partners');
  admin = seeded.admin;
  firmId = seeded.firm.id;
  const as = admin;
  const matter = await createMatter(env.app, as, { title: 'Hopper Estate' });
  const contact = await call(env.app, 'POST', '/contacts', {
    as,
    body: { name: 'Grace Hopper', mobile: '+14155550177' },
  });
  const party = await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
    as,
    body: { contactId: contact.json().id, role: 'Client' },
  });
  expect(party.statusCode, party.body).toBe(201);
  const uploaded = await uploadFiles(env.app, as, matter.id, [
    { name: 'Engagement letter.pdf', content: 'letter', type: 'application/pdf' },
    { name: LOCKED.attachment, content: 'secret', type: 'application/pdf' },
  ]);
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const [letter, secret] = uploaded.json().items as { id: string }[];
  const folder = async (name: string) =>
    (await call(env.app, 'POST', `/matters/${matter.id}/folders`, { as, body: { name } })).json()
      .id as string;
  const taxReturns = await folder('Tax returns');
  const offers = await folder(LOCKED.share);
  locked = { attachmentDoc: secret!.id, shareFolder: offers };

  const first = await call(env.app, 'POST', `/matters/${matter.id}/messages`, {
    as,
    body: {
      partyIds: [party.json().id],
      body: 'Here is the letter and your folder.',
      attachments: [{ documentId: letter!.id }],
      shares: [{ folderId: taxReturns }],
      links: [{ url: 'https://courts.example.gov/docket/42', label: 'Court docket' }],
    },
  });
  expect(first.statusCode, first.body).toBe(201);
  conversationId = first.json().conversation.id;
  const post = async (body: Record<string, unknown>) => {
    const res = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, { as, body });
    expect(res.statusCode, res.body).toBe(201);
  };
  await post({
    body: LOCKED.body,
    requireMfa: true,
    attachments: [{ documentId: secret!.id }],
    shares: [{ folderId: offers }],
    links: [LOCKED.link],
  });
  await post({ body: 'Can you look at these today?', sendAsSms: true });
  await runJobs(env.deps);
  const sms = (await env.deps.outbox.list()).find((i) => i.channel === 'sms');
  token = /\/r\/([A-Za-z0-9_-]+)/.exec(sms!.text)![1]!;
});
afterAll(() => env.close());

describe('GET /quick/:token', () => {
  it("names the firm (id and name), the page's locale, and each message's files, shares and links", async () => {
    const res = await call(env.app, 'GET', `/quick/${token}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      firm: { id: firmId, name: 'Lovelace & Partners' },
      firmName: 'Lovelace & Partners',
      locale: 'en',
      matter: { title: 'Hopper Estate' },
    });
    expect(view.messages).toHaveLength(3);
    expect(view.messages[0]).toMatchObject({
      body: 'Here is the letter and your folder.',
      attachments: [{ name: 'Engagement letter.pdf', size: 6, contentType: 'application/pdf' }],
      shares: [{ kind: 'folder', name: 'Tax returns', revokedAt: null }],
      links: [{ url: 'https://courts.example.gov/docket/42', label: 'Court docket' }],
    });
    expect(view.messages[2]).toMatchObject({ body: 'Can you look at these today?', requireMfa: false });
    expect(view.messages[2]).not.toHaveProperty('locked');
  });

  it("follows the firm's default locale", async () => {
    const patched = await call(env.app, 'PATCH', '/firm', { as: admin, body: { defaultLocale: 'es' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await call(env.app, 'GET', `/quick/${token}`)).json().locale).toBe('es');
    await call(env.app, 'PATCH', '/firm', { as: admin, body: { defaultLocale: 'en' } });
  });

  it('a protected message says only who sent it and when: no body, files, folders, links or ids', async () => {
    const res = await call(env.app, 'GET', `/quick/${token}`);
    const protectedOne = res.json().messages[1];
    expect(Object.keys(protectedOne).sort()).toEqual(
      ['author', 'conversationId', 'createdAt', 'id', 'locked', 'requireMfa', 'seq'].sort(),
    );
    expect(protectedOne).toMatchObject({ requireMfa: true, locked: true, author: { type: 'staff' } });
    for (const secret of [
      LOCKED.body,
      LOCKED.attachment,
      LOCKED.share,
      LOCKED.link.url,
      LOCKED.link.label,
      'vault.example.org',
      locked.attachmentDoc,
      locked.shareFolder,
    ]) {
      expect(res.body).not.toContain(secret);
    }
  });
});

describe('POST /quick/:token/messages', () => {
  it('posts a reply once when it is retried with the same clientMessageId', async () => {
    const send = () =>
      call(env.app, 'POST', `/quick/${token}/messages`, {
        body: { body: 'Yes, this afternoon.', clientMessageId: 'quick-retry-1' },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const again = await send();
    expect(again.json().id).toBe(first.json().id);
    const staff = await call(env.app, 'GET', `/conversations/${conversationId}/messages`, { as: admin });
    const replies = staff.json().items.filter((m: { body: string }) => m.body === 'Yes, this afternoon.');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ via: 'quick_link', author: { type: 'party' } });
  });
});
