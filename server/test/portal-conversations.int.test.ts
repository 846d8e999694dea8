/**
 * Issue 6, the client's side, against a real SMTP server on loopback: staff write to a new client →
 * the invitation arrives → the client signs in with its link, lists and reads (a requireMfa message
 * stays locked in REST and realtime until a step-up with the emailed code), replies with a tus
 * upload → staff see the reply and the file in `Client uploads`.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { ensurePortalUser } from '../src/modules/portal/portal.repository';
import { contacts, portalUsers } from '../src/platform/db/schema';
import { tusUpload } from './files-helpers';
import { call, createTestEnv, type SeededStaff, seedFirm, type TestEnv } from './helpers';
import { codeFromText, runJobs, tokenFromText } from './support/jobs';
import { startSmtp, type TestSmtp } from './support/smtp';
import { connectEvents } from './ws-client';

let env: TestEnv;
let smtp: TestSmtp;
let base: string;
let admin: SeededStaff;
const FIRM = 'Vale & Partners';

beforeAll(async () => {
  smtp = await startSmtp();
  env = await createTestEnv({ env: { SMTP_URL: smtp.url, NOTIFY_QUIET_MINUTES: '0.01' } });
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  admin = (await seedFirm(env.deps, FIRM)).admin;
});
afterAll(async () => {
  await env.close();
  await smtp.close();
});

const post = (url: string, as: { token: string }, body: unknown) => call(env.app, 'POST', url, { as, body });
const get = (url: string, as: { token: string }) => call(env.app, 'GET', url, { as });

async function newClient(title: string, email: string | null, name = 'Cleo Client') {
  const matter = (await post('/matters', admin, { title })).json();
  const contact = (await post('/contacts', admin, { name, ...(email ? { email } : {}) })).json();
  const party = (
    await post(`/matters/${matter.id}/parties`, admin, { contactId: contact.id, role: 'Client' })
  ).json();
  return { matter, contact, party };
}

const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

/** The first mail to `email` whose subject contains `words`, waiting for it (whatever else arrives first). */
async function mailWith(email: string, words: string) {
  await expect.poll(() => mailsTo(email).some((m) => m.subject.includes(words))).toBe(true);
  return mailsTo(email).find((m) => m.subject.includes(words));
}

describe('the client portal, end to end', () => {
  it('invites with the first message, then reads, steps up, replies with a file', async () => {
    const email = 'cleo@client.test';
    const { matter, party } = await newClient('Estate of Vale', email);

    // A conversation merely created sends nothing.
    const conversation = (
      await post(`/matters/${matter.id}/conversations`, admin, { kind: 'external', partyIds: [party.id] })
    ).json();
    await runJobs(env.deps);
    expect(mailsTo(email)).toEqual([]);

    // The first message brings the invitation: firm, matter, link, no content.
    await post(`/conversations/${conversation.id}/messages`, admin, { body: 'Welcome aboard, Cleo' });
    await runJobs(env.deps);
    const [invitation] = await smtp.waitFor(email);
    expect(invitation!.subject).toContain(FIRM);
    expect(invitation!.subject).toContain('Estate of Vale');
    expect(invitation!.text + invitation!.html).not.toContain('Welcome aboard');

    const exchanged = await post('/portal/auth/exchange', admin, { token: tokenFromText(invitation!.text) });
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    const client = { token: exchanged.json().token as string };

    const socket = await connectEvents(`${base.replace('http', 'ws')}/api/v1/realtime?token=${client.token}`);
    try {
      await post(`/conversations/${conversation.id}/messages`, admin, {
        body: 'The vault code is 4455',
        requireMfa: true,
      });
      // Realtime: locked.
      const event = await socket.next((e) => e.type === 'message.created');
      expect(JSON.stringify(event)).not.toContain('vault code is 4455');
      expect(event.message).toMatchObject({ seq: 2, requireMfa: true, locked: true });

      // REST list: unread 2, the MFA preview withheld.
      let list = (await get('/portal/conversations', client)).json();
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        id: conversation.id,
        matter: { title: 'Estate of Vale' },
        firm: { name: FIRM },
        unreadCount: 2,
        lastMessage: { seq: 2, preview: null, locked: true },
      });
      expect(JSON.stringify(list)).not.toContain('vault code is 4455');

      // REST messages: the locked shape only.
      let messages = (await get(`/portal/conversations/${conversation.id}/messages`, client)).json().items;
      expect(messages[0]).toMatchObject({ seq: 1, body: 'Welcome aboard, Cleo' });
      expect(messages[0]).not.toHaveProperty('readBy');
      expect(messages[0]).not.toHaveProperty('deliveries');
      expect(Object.keys(messages[1]).sort()).toEqual(
        ['author', 'conversationId', 'createdAt', 'id', 'locked', 'requireMfa', 'seq'].sort(),
      );

      // Step-up with the emailed code opens it.
      expect((await post('/portal/mfa/challenge', client, { channel: 'email' })).statusCode).toBe(202);
      await runJobs(env.deps);
      const codeMail = await mailWith(email, 'verification code');
      const verified = await post('/portal/mfa/verify', client, { code: codeFromText(codeMail!.text) });
      expect(verified.statusCode, verified.body).toBe(200);
      messages = (await get(`/portal/conversations/${conversation.id}/messages?after=1`, client)).json()
        .items;
      expect(messages).toEqual([expect.objectContaining({ seq: 2, body: 'The vault code is 4455' })]);
      list = (await get('/portal/conversations', client)).json();
      expect(list.items[0].lastMessage).toMatchObject({ preview: 'The vault code is 4455', locked: false });

      // Read marks: unread goes to 0, staff see the receipt.
      const read = await post(`/portal/conversations/${conversation.id}/read`, client, { seq: 2 });
      expect(read.statusCode).toBe(204);
      expect((await get('/portal/conversations', client)).json().items[0].unreadCount).toBe(0);
      const staffView = (await get(`/conversations/${conversation.id}/messages`, admin)).json().items;
      expect(staffView[1].readBy.map((r: { name: string }) => r.name)).toContain('Cleo Client');
    } finally {
      socket.close();
    }

    // A reply with a tus upload (as the portal user), then a second file of the same name.
    const bytes = Buffer.from('%PDF-1.7 signed scan');
    const uploadId = await tusUpload(base, client.token, bytes, {
      filename: 'scan.pdf',
      filetype: 'application/pdf',
    });
    const reply = await post(`/portal/conversations/${conversation.id}/messages`, client, {
      body: 'Signed copy attached',
      uploadIds: [uploadId],
      clientMessageId: 'reply-1',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({
      seq: 3,
      via: 'portal',
      author: { type: 'party', name: 'Cleo Client' },
      attachments: [{ name: 'scan.pdf', size: bytes.length, contentType: 'application/pdf' }],
    });
    expect(reply.json()).not.toHaveProperty('readBy');
    const again = await post(`/portal/conversations/${conversation.id}/messages`, client, {
      body: 'Signed copy attached',
      uploadIds: [uploadId],
      clientMessageId: 'reply-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(reply.json().id);
    const second = await tusUpload(base, client.token, Buffer.from('other'), { filename: 'scan.pdf' });
    const reply2 = await post(`/portal/conversations/${conversation.id}/messages`, client, {
      uploadIds: [second],
    });
    expect(reply2.statusCode, reply2.body).toBe(201);
    expect(reply2.json().attachments[0].name).toBe('scan (2).pdf');
    // An upload is used once.
    const reused = await post(`/portal/conversations/${conversation.id}/messages`, client, {
      uploadIds: [second],
    });
    expect(reused.statusCode).toBe(404);

    // Staff: the reply with its attachment, and the files in `Client uploads`.
    const staffMessages = (await get(`/conversations/${conversation.id}/messages`, admin)).json().items;
    expect(staffMessages.at(-2)).toMatchObject({ via: 'portal', attachments: [{ name: 'scan.pdf' }] });
    const root = (await get(`/matters/${matter.id}/files`, admin)).json();
    const folder = root.folders.find((f: { name: string }) => f.name === 'Client uploads');
    expect(root.folders.filter((f: { name: string }) => f.name === 'Client uploads')).toHaveLength(1);
    const inside = (await get(`/matters/${matter.id}/files?folderId=${folder.id}`, admin)).json();
    expect(inside.documents.map((d: { name: string }) => d.name).sort()).toEqual([
      'scan (2).pdf',
      'scan.pdf',
    ]);
    const documentId = reply.json().attachments[0].documentId;
    const content = await get(`/documents/${documentId}/content`, admin);
    expect(content.rawPayload.equals(bytes)).toBe(true);

    // Staff replies do not re-invite a client who signed in; the party's own posts email nobody.
    // (On a slow machine the quiet period of 0.6 s may pass before the client reads message 2: its
    // new-message notice is then right, and is not what this counts.)
    await runJobs(env.deps);
    expect(
      mailsTo(email)
        .filter((m) => !m.subject.startsWith('New secure message'))
        .map((m) => m.subject),
    ).toEqual([invitation!.subject, expect.stringContaining('verification code')]);
  });
});

describe('portal replies with files', () => {
  it("refuse another user's upload (nothing posted) and make one `Client uploads` folder under concurrency", async () => {
    const a = await signedInClient('Upload Matter', 'ulla@client.test', 'Ulla');
    const b = await signedInClient('Other Matter', 'otto@client.test', 'Otto');
    const started = (
      await post(`/matters/${a.matter.id}/messages`, admin, { partyIds: [a.party.id], body: 'Hi' })
    ).json();
    const conversationId = started.conversation.id;
    const ottoUpload = await tusUpload(base, b.client.token, Buffer.from('otto'), { filename: 'o.txt' });
    const refused = await post(`/portal/conversations/${conversationId}/messages`, a.client, {
      body: 'not mine',
      uploadIds: [ottoUpload],
    });
    expect(refused.statusCode).toBe(404);
    const ids = await Promise.all(
      [1, 2, 3].map((n) =>
        tusUpload(base, a.client.token, Buffer.from(`file ${n}`), { filename: 'same.txt' }),
      ),
    );
    const replies = await Promise.all(
      ids.map((id) =>
        post(`/portal/conversations/${conversationId}/messages`, a.client, { uploadIds: [id] }),
      ),
    );
    expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(replies.map((r) => r.json().seq).sort()).toEqual([2, 3, 4]); // the refused reply took no seq
    const root = (await get(`/matters/${a.matter.id}/files`, admin)).json();
    const folders = root.folders.filter((f: { name: string }) => f.name === 'Client uploads');
    expect(folders).toHaveLength(1);
    const inside = (await get(`/matters/${a.matter.id}/files?folderId=${folders[0].id}`, admin)).json();
    expect(inside.documents.map((d: { name: string }) => d.name).sort()).toEqual([
      'same (2).txt',
      'same (3).txt',
      'same.txt',
    ]);
  });
});

/** A client who has used the portal before: new-message emails, not invitations. */
async function signedInClient(title: string, email: string, name: string) {
  const world = await newClient(title, email, name);
  const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, world.contact.id));
  const user = await ensurePortalUser(env.deps.db, contact!.email!, name);
  await env.deps.db.update(portalUsers).set({ lastSignInAt: new Date() }).where(eq(portalUsers.id, user.id));
  const session = await createSession(
    env.deps.db,
    sessionPolicy(env.deps.config),
    { type: 'portal', portalUserId: user.id },
    { ip: null, userAgent: null },
  );
  return { ...world, client: { token: session.token } };
}

const QUIET_MS = 0.01 * 60_000;
const afterQuiet = () => new Promise((r) => setTimeout(r, QUIET_MS + 150));

describe('new-message emails (DESIGN.md rule 7)', () => {
  it('go out only for messages still unread after the quiet period, at most one per period', async () => {
    const email = 'quinn@client.test';
    const { matter, party, client } = await signedInClient('Quinn v. Quarry', email, 'Quinn');
    const first = (
      await post(`/matters/${matter.id}/messages`, admin, {
        partyIds: [party.id],
        body: 'Private detail one',
      })
    ).json();
    const conversationId = first.conversation.id;
    await post(`/conversations/${conversationId}/messages`, admin, {
      body: 'Private detail two',
      requireMfa: true,
    });
    await runJobs(env.deps);
    expect(mailsTo(email)).toEqual([]); // a signed-in client is not invited, and the quiet period runs
    await afterQuiet();
    await runJobs(env.deps);
    const [notice] = await smtp.waitFor(email);
    expect(mailsTo(email)).toHaveLength(1); // two unread messages, one email
    expect(notice!.subject).toContain(FIRM);
    expect(notice!.subject).toContain('Quinn v. Quarry');
    expect(notice!.text).toContain(`http://parley.test/portal/conversations/${conversationId}`);
    expect(notice!.text + notice!.html).not.toContain('Private detail');

    // Read within the quiet period: no email.
    await post(`/conversations/${conversationId}/messages`, admin, { body: 'Private detail three' });
    await post(`/portal/conversations/${conversationId}/read`, client, { seq: 3 });
    await afterQuiet();
    await runJobs(env.deps);
    expect(mailsTo(email)).toHaveLength(1);

    // Unread again after the period: a second email.
    await post(`/conversations/${conversationId}/messages`, admin, { body: 'Private detail four' });
    await afterQuiet();
    await runJobs(env.deps);
    await smtp.waitFor(email, 2);
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('skip a party without email (the post still succeeds), internal threads and the author', async () => {
    const email = 'ivy@client.test';
    const { matter, party, client } = await signedInClient('Ivy Holdings', email, 'Ivy');
    const noEmail = await newClient('unused', null, 'Nemo No-Email');
    const nemo = (
      await post(`/matters/${matter.id}/parties`, admin, { contactId: noEmail.contact.id, role: 'Witness' })
    ).json();
    const res = await post(`/matters/${matter.id}/messages`, admin, {
      partyIds: [party.id, nemo.id],
      body: 'To both',
    });
    expect(res.statusCode, res.body).toBe(201);
    const conversationId = res.json().conversation.id;
    await post(`/matters/${matter.id}/messages`, admin, { staffIds: [], body: 'Internal note' });
    // Ivy's own reply notifies nobody (Nemo has no address; Ivy is the author).
    await post(`/portal/conversations/${conversationId}/read`, client, { seq: 1 });
    await post(`/portal/conversations/${conversationId}/messages`, client, { body: 'Thanks' });
    await afterQuiet();
    await runJobs(env.deps);
    expect(mailsTo(email)).toEqual([]);
    expect(smtp.received.filter((m) => m.text.includes('Ivy Holdings'))).toEqual([]);
  });

  it('invite a never-signed-in party once, with the first staff message only', async () => {
    const email = 'nora@client.test';
    const { matter, party } = await newClient('Nora Estate', email, 'Nora');
    const other = await newClient('unused 2', 'olga@client.test', 'Olga');
    const olga = (
      await post(`/matters/${matter.id}/parties`, admin, { contactId: other.contact.id, role: 'Client' })
    ).json();
    const conversation = (
      await post(`/matters/${matter.id}/conversations`, admin, {
        kind: 'external',
        partyIds: [party.id, olga.id],
      })
    ).json();
    await post(`/conversations/${conversation.id}/messages`, admin, { body: 'One' });
    await post(`/conversations/${conversation.id}/messages`, admin, { body: 'Two' });
    await runJobs(env.deps);
    const [invite] = await smtp.waitFor(email);
    expect(invite!.text).toContain('/portal/sign-in?token=');
    // The second message, still unread after the quiet period: the usual new-message email.
    await afterQuiet();
    await runJobs(env.deps);
    await smtp.waitFor(email, 2);
    expect(mailsTo(email).map((m) => m.subject)).toEqual([
      expect.stringContaining('has sent you a secure message'),
      expect.stringContaining('New secure message'),
    ]);
    expect(mailsTo('olga@client.test')).toHaveLength(2);
  });

  it('invite a party once when first messages reach them in several conversations at the same moment', async () => {
    const { matter, party } = await newClient('Rhea Trust', 'rhea@client.test', 'Rhea');
    const conversations = await Promise.all(
      Array.from({ length: 4 }, async () =>
        (
          await post(`/matters/${matter.id}/conversations`, admin, { kind: 'external', partyIds: [party.id] })
        ).json(),
      ),
    );
    const posts = await Promise.all(
      conversations.flatMap((c) =>
        [1, 2].map((i) => post(`/conversations/${c.id}/messages`, admin, { body: `First ${i}` })),
      ),
    );
    expect(posts.map((r) => r.statusCode)).toEqual(posts.map(() => 201));
    const invites = await env.deps.db.execute(
      sql`select count(*)::int as n from tokens where kind = 'portal_invite' and party_id = ${party.id}`,
    );
    expect((invites as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

describe('access to portal conversations', () => {
  it('ends at once when the party leaves the conversation or the matter; other matters stay open', async () => {
    const email = 'lena@client.test';
    const a = await signedInClient('Lena A', email, 'Lena');
    const secondMatter = (await post('/matters', admin, { title: 'Lena B' })).json();
    const partyB = (
      await post(`/matters/${secondMatter.id}/parties`, admin, { contactId: a.contact.id, role: 'Client' })
    ).json();
    const convA = (
      await post(`/matters/${a.matter.id}/messages`, admin, { partyIds: [a.party.id], body: 'A' })
    ).json().conversation;
    const convB = (
      await post(`/matters/${secondMatter.id}/messages`, admin, { partyIds: [partyB.id], body: 'B' })
    ).json().conversation;
    const listIds = async () =>
      (await get('/portal/conversations', a.client)).json().items.map((c: { id: string }) => c.id);
    expect((await listIds()).sort()).toEqual([convA.id, convB.id].sort());

    // Another portal user, staff tokens and anonymous callers get nothing.
    const stranger = await signedInClient('Stranger', 'stranger@client.test', 'Stranger');
    expect((await get(`/portal/conversations/${convA.id}/messages`, stranger.client)).statusCode).toBe(404);
    expect(
      (await post(`/portal/conversations/${convA.id}/messages`, stranger.client, { body: 'x' })).statusCode,
    ).toBe(404);
    expect((await get(`/portal/conversations/${convA.id}/messages`, admin)).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/portal/conversations')).statusCode).toBe(401);
    // An internal conversation of the same matter is invisible (404 like a missing one).
    const internal = (await post(`/matters/${a.matter.id}/messages`, admin, { body: 'staff only' })).json();
    expect(
      (await get(`/portal/conversations/${internal.conversation.id}/messages`, a.client)).statusCode,
    ).toBe(404);
    expect((await get('/portal/conversations/nope/messages', a.client)).statusCode).toBe(404);

    // Removed from conversation A: 404 everywhere, a pending email is dropped.
    await post(`/conversations/${convA.id}/messages`, admin, { body: 'pending' });
    const participant = convA.participants.find((p: { refId: string }) => p.refId === a.party.id);
    const removed = await call(
      env.app,
      'DELETE',
      `/conversations/${convA.id}/participants/${participant.id}`,
      {
        as: admin,
      },
    );
    expect(removed.statusCode, removed.body).toBe(204);
    for (const res of [
      await get(`/portal/conversations/${convA.id}/messages`, a.client),
      await post(`/portal/conversations/${convA.id}/messages`, a.client, { body: 'still here?' }),
      await post(`/portal/conversations/${convA.id}/read`, a.client, { seq: 1 }),
    ])
      expect(res.statusCode).toBe(404);
    expect(await listIds()).toEqual([convB.id]);
    await afterQuiet();
    await runJobs(env.deps);
    expect(mailsTo(email).filter((m) => m.subject.includes('Lena A'))).toEqual([]);

    // Removed from matter B: 404 too; the session itself stays valid.
    expect((await get(`/portal/conversations/${convB.id}/messages`, a.client)).statusCode).toBe(200);
    const gone = await call(env.app, 'DELETE', `/matters/${secondMatter.id}/parties/${partyB.id}`, {
      as: admin,
    });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await get(`/portal/conversations/${convB.id}/messages`, a.client)).statusCode).toBe(404);
    expect(await listIds()).toEqual([]);
    expect((await get('/portal/me', a.client)).statusCode).toBe(200);
  });
});
