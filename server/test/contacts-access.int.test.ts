/**
 * Contacts follow their matters (DESIGN.md rule 12, API.md decision "Contacts", #19 item 1): a
 * contact only on matters the caller cannot see is not found anywhere; one also on such a matter is
 * readable but changeable only by admins (and staff who see all its matters); a new email or mobile
 * ends the person's portal sessions (sockets too) and quick-reply links and leaves a staff-only line.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  hashToken,
  newToken,
  sessionPolicy,
} from '../src/modules/identity/sessions.repository';
import { ensurePortalUser } from '../src/modules/portal/portal.repository';
import { contacts, parties, tokens } from '../src/platform/db/schema';
import { call, createTestEnv, databaseFingerprint, seedPortalUser, type TestEnv } from './helpers';
import { seedParty, seedWorld, type World } from './messaging-fixture';
import { connectEvents } from './ws-client';

let env: TestEnv;
let w: World;
/** A party on the restricted matter AND on the open one. */
let shared: Awaited<ReturnType<typeof seedParty>>;
let base: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await seedWorld(env.deps);
  shared = await seedParty(env.deps, w.firmId, w.restricted.id, 'Sam Shared');
  await env.deps.db
    .insert(parties)
    .values({ firmId: w.firmId, matterId: w.open.id, contactId: shared.contact.id, role: 'Witness' });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const address = env.app.server.address();
  base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/realtime`;
});
afterAll(() => env.close());

const sealed = () => w.restrictedParty.contact;

describe('who may see and change a contact', () => {
  it('a contact only on matters the caller cannot see is not found: not listed, read, changed or added', async () => {
    const before = await databaseFingerprint(env.deps);
    const list = await call(env.app, 'GET', '/contacts?limit=100', { as: w.carol });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(sealed().id);
    expect(list.body).not.toContain(sealed().email!);
    for (const q of [sealed().name, sealed().email!, sealed().mobile!]) {
      const hit = await call(env.app, 'GET', `/contacts?q=${encodeURIComponent(q)}`, { as: w.carol });
      expect(hit.json().items.map((c: { id: string }) => c.id)).not.toContain(sealed().id);
    }
    const answers = [
      await call(env.app, 'GET', `/contacts/${sealed().id}`, { as: w.carol }),
      await call(env.app, 'PATCH', `/contacts/${sealed().id}`, {
        as: w.carol,
        body: { email: 'attacker@evil.test' },
      }),
      await call(env.app, 'POST', `/matters/${w.open.id}/parties`, {
        as: w.carol,
        body: { contactId: sealed().id, role: 'Client' },
      }),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect(res.body).not.toContain(sealed().name);
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);

    // Staff on the matter and admins see it as before.
    for (const who of [w.alice, w.admin]) {
      expect((await call(env.app, 'GET', `/contacts/${sealed().id}`, { as: who })).statusCode).toBe(200);
      const hit = await call(env.app, 'GET', `/contacts?q=${encodeURIComponent(sealed().name)}`, { as: who });
      expect(hit.json().items.map((c: { id: string }) => c.id)).toContain(sealed().id);
    }
  });

  it('a contact also on a matter the caller cannot see is readable, but changeable only by admins and staff who see all its matters', async () => {
    const read = await call(env.app, 'GET', `/contacts/${shared.contact.id}`, { as: w.carol });
    expect(read.statusCode).toBe(200);
    const listed = await call(env.app, 'GET', '/contacts?q=Sam%20Shared', { as: w.carol });
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(shared.contact.id);

    const before = await databaseFingerprint(env.deps);
    const refused = await call(env.app, 'PATCH', `/contacts/${shared.contact.id}`, {
      as: w.carol,
      body: { mobile: '+14155552673' },
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden' });
    expect(refused.json().error.message).toMatch(/also a party on a matter you are not on.*only an admin/);
    expect(refused.body).not.toContain('Matter ');
    expect(await databaseFingerprint(env.deps)).toBe(before);

    for (const [who, name] of [
      [w.alice, 'Sam Shared'],
      [w.admin, 'Sam Shared'],
    ] as const) {
      const res = await call(env.app, 'PATCH', `/contacts/${shared.contact.id}`, { as: who, body: { name } });
      expect(res.statusCode, res.body).toBe(200);
    }
    // On no matter at all, or only on visible ones: anyone in the firm.
    const loose = (
      await call(env.app, 'POST', '/contacts', { as: w.carol, body: { name: 'Lou Loose' } })
    ).json();
    for (const id of [loose.id, w.party.contact.id]) {
      const res = await call(env.app, 'PATCH', `/contacts/${id}`, { as: w.carol, body: { name: 'Renamed' } });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Another firm: 404, never 403.
    const other = await call(env.app, 'PATCH', `/contacts/${w.party.contact.id}`, {
      as: w.outsider,
      body: { name: 'x' },
    });
    expect(other.statusCode).toBe(404);
  });
});

/** A portal user with a live session and socket, a party on the open matter, in an external conversation, with a quick-reply link. */
async function reachablePerson() {
  const person = await seedPortalUser(env.deps, w.firmId, { name: 'Pat Person', mobile: '+14155552671' });
  const party = await call(env.app, 'POST', `/matters/${w.open.id}/parties`, {
    as: w.alice,
    body: { contactId: person.contactId, role: 'Client' },
  });
  expect(party.statusCode, party.body).toBe(201);
  const posted = await call(env.app, 'POST', `/matters/${w.open.id}/messages`, {
    as: w.alice,
    body: { partyIds: [party.json().id], body: 'Hello Pat' },
  });
  expect(posted.statusCode, posted.body).toBe(201);
  const conversationId: string = posted.json().conversation.id;
  const quick = newToken();
  await env.deps.db.insert(tokens).values({
    kind: 'quick_reply',
    tokenHash: hashToken(quick),
    firmId: w.firmId,
    partyId: party.json().id,
    conversationId,
    channel: 'sms',
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  expect((await call(env.app, 'GET', `/quick/${quick}`)).statusCode).toBe(200);
  expect((await call(env.app, 'GET', '/portal/me', { as: person })).statusCode).toBe(200);
  const socket = await connectEvents(`${base}?token=${encodeURIComponent(person.token)}`);
  return { person, conversationId, quick, socket };
}

describe('a new email or mobile ends what the old one reached', () => {
  it('email: portal sessions and sockets end, quick-reply links die, the identity follows the email, staff see who did it', async () => {
    const { person, conversationId, quick, socket } = await reachablePerson();
    const res = await call(env.app, 'PATCH', `/contacts/${person.contactId}`, {
      as: w.alice,
      body: { email: 'pat.new@example.test' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await socket.closed).toBe(4401);
    expect((await call(env.app, 'GET', '/portal/me', { as: person })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', `/quick/${quick}`)).statusCode).toBe(404);
    const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, person.contactId));
    expect(contact!.portalUserId).toBeNull();

    // Signing in again with the old address no longer reaches this matter.
    const again = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: person.id },
      { ip: null, userAgent: null },
    );
    const oldView = await call(env.app, 'GET', `/portal/conversations/${conversationId}/messages`, {
      as: { token: again.token },
    });
    expect(oldView.statusCode).toBe(404);

    const notices = await call(env.app, 'GET', `/conversations/${conversationId}/notices`, { as: w.carol });
    expect(notices.statusCode, notices.body).toBe(200);
    expect(notices.json().items).toEqual([
      expect.objectContaining({
        kind: 'contact_changed',
        by: { id: w.alice.id, name: 'Alice' },
        text: expect.stringMatching(
          /^Pat Person's email changed by Alice \(was .+, now pat\.new@example\.test\)/,
        ),
      }),
    ]);
    expect(
      (await call(env.app, 'GET', `/conversations/${conversationId}/notices`, { as: w.outsider })).statusCode,
    ).toBe(404);

    // The new address's owner signs in and sees the conversation, without the staff-only line.
    const owner = await ensurePortalUser(env.deps.db, 'pat.new@example.test', 'Pat Person');
    const fresh = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: owner.id },
      { ip: null, userAgent: null },
    );
    const view = await call(env.app, 'GET', `/portal/conversations/${conversationId}/messages`, {
      as: { token: fresh.token },
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.body).toContain('Hello Pat');
    expect(view.body).not.toContain('changed by');
    expect(
      (await call(env.app, 'GET', `/conversations/${conversationId}/notices`, { as: { token: fresh.token } }))
        .statusCode,
    ).toBe(401);
  });

  it('mobile: the same; the same email in other letter case, or the same mobile, changes nothing of that', async () => {
    const { person, conversationId, quick, socket } = await reachablePerson();
    const same = await call(env.app, 'PATCH', `/contacts/${person.contactId}`, {
      as: w.admin,
      body: { email: person.email.toUpperCase(), mobile: '+1 415 555 2671' },
    });
    expect(same.statusCode, same.body).toBe(200);
    expect((await call(env.app, 'GET', '/portal/me', { as: person })).statusCode).toBe(200);
    expect((await call(env.app, 'GET', `/quick/${quick}`)).statusCode).toBe(200);

    const res = await call(env.app, 'PATCH', `/contacts/${person.contactId}`, {
      as: w.admin,
      body: { mobile: '+14155552672' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await socket.closed).toBe(4401);
    expect((await call(env.app, 'GET', '/portal/me', { as: person })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', `/quick/${quick}`)).statusCode).toBe(404);
    const notices = (
      await call(env.app, 'GET', `/conversations/${conversationId}/notices`, { as: w.alice })
    ).json();
    expect(notices.items.map((n: { text: string }) => n.text)).toEqual([
      "Pat Person's mobile changed by Ada Admin (was +14155552671, now +14155552672): their portal sessions and quick-reply links ended.",
    ]);
  });
});
