import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { contacts, portalUsers, sessions } from '../src/platform/db/schema';
import { call, createTestEnv, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { connectEvents, type EventClient, isMessage } from './ws-client';

let env: TestEnv;
let w: World;
let base: string;
const clients: EventClient[] = [];
beforeAll(async () => {
  env = await createTestEnv();
  w = await seedWorld(env.deps);
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const address = env.app.server.address();
  base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/realtime`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await env.close();
});

async function connect(token: string) {
  const client = await connectEvents(`${base}?token=${encodeURIComponent(token)}`);
  clients.push(client);
  return client;
}
const post = (url: string, as: { token: string }, body: unknown) => call(env.app, 'POST', url, { as, body });
const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));

it('refuses a socket without a valid session', async () => {
  await expect(connectEvents(base)).rejects.toThrow('HTTP 401');
  await expect(connectEvents(`${base}?token=nope`)).rejects.toThrow('HTTP 401');
  const cookie = await connectEvents(base, {
    cookie: `parley_session=${w.alice.token}`,
    origin: 'http://evil.test',
  }).catch((e: Error) => e.message);
  expect(cookie).toBe('HTTP 403');
  const ok = await connectEvents(base, {
    cookie: `parley_session=${w.alice.token}`,
    origin: 'http://parley.test',
  });
  ok.close();
});

it('pushes only to those who may see the conversation, checked at send time', async () => {
  const alice = await connect(w.alice.token);
  const bob = await connect(w.bob.token);
  const carol = await connect(w.carol.token);
  const admin = await connect(w.admin.token);
  const secret = (
    await post(`/matters/${w.restricted.id}/conversations`, w.alice, {
      kind: 'internal',
      staffIds: [w.bob.id],
    })
  ).json();
  await post(`/conversations/${secret.id}/messages`, w.alice, { body: 'restricted news' });
  const got = await bob.next(isMessage('restricted news'));
  expect(got).toMatchObject({ conversationId: secret.id, message: { seq: 1, readBy: [{ name: 'Alice' }] } });
  await alice.next(isMessage('restricted news'));
  await admin.next(isMessage('restricted news'));

  const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
  await post(`/conversations/${dm.id}/messages`, w.alice, { body: 'dm one' });
  await bob.next(isMessage('dm one'));
  await post(`/conversations/${dm.id}/read`, w.bob, { seq: 1 });
  expect(await alice.next((e) => e.type === 'message.read')).toMatchObject({ conversationId: dm.id, seq: 1 });
  const bobPart = dm.participants.find((p: { refId: string }) => p.refId === w.bob.id);
  await call(env.app, 'DELETE', `/conversations/${dm.id}/participants/${bobPart.id}`, { as: w.alice });
  await post(`/conversations/${dm.id}/messages`, w.alice, { body: 'dm two' });
  await alice.next(isMessage('dm two'));
  await quiet();
  const leaked = [...carol.events, ...bob.events, ...admin.events].filter(
    (e) =>
      e.type === 'message.created' &&
      ['restricted news', 'dm one', 'dm two'].includes(String((e.message as { body: string }).body)) &&
      e !== got,
  );
  expect(leaked.map((e) => (e.message as { body: string }).body)).toEqual([]);
});

it('checks each socket’s own session at send time, even if the sign-out signal never arrived', async () => {
  const policy = sessionPolicy(env.deps.config);
  const meta = { ip: null, userAgent: null };
  const second = await createSession(
    env.deps.db,
    policy,
    { type: 'staff', staffId: w.bob.id, firmId: w.firmId },
    meta,
  );
  const expiring = await createSession(
    env.deps.db,
    policy,
    { type: 'staff', staffId: w.bob.id, firmId: w.firmId },
    meta,
  );
  const live = await connect(w.bob.token);
  const revoked = await connect(second.token);
  const expired = await connect(expiring.token);
  // Changed in the database only: no `sessions.ended` reaches the hub, the sockets stay open.
  await env.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, second.sessionId));
  await env.deps.db
    .update(sessions)
    .set({ absoluteExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(sessions.id, expiring.sessionId));
  const c = (
    await post(`/matters/${w.open.id}/conversations`, w.alice, { kind: 'internal', staffIds: [w.bob.id] })
  ).json();
  await post(`/conversations/${c.id}/messages`, w.alice, { body: 'for live sessions only' });
  await live.next(isMessage('for live sessions only'));
  await quiet();
  for (const socket of [revoked, expired])
    expect(socket.events.filter((e) => e.type === 'message.created')).toEqual([]);
});

it('closes a deactivated staff member’s sockets', async () => {
  const carol = await connect(w.carol.token);
  const res = await call(env.app, 'PATCH', `/staff/${w.carol.id}`, { as: w.admin, body: { active: false } });
  expect(res.statusCode, res.body).toBe(200);
  expect(await carol.closed).toBe(4401);
});

it('gives portal users the portal variant: no receipts, MFA messages locked, no internal threads', async () => {
  const [user] = await env.deps.db
    .insert(portalUsers)
    .values({ email: w.party.contact.email!, name: 'Carla' })
    .returning();
  await env.deps.db
    .update(contacts)
    .set({ portalUserId: user!.id })
    .where(eq(contacts.id, w.party.contactId));
  const session = await createSession(
    env.deps.db,
    sessionPolicy(env.deps.config),
    { type: 'portal', portalUserId: user!.id },
    { ip: null, userAgent: null },
  );
  const portal = await connect(session.token);
  const ext = (
    await post(`/matters/${w.open.id}/conversations`, w.alice, { kind: 'external', partyIds: [w.party.id] })
  ).json();
  const internal = (await post(`/matters/${w.open.id}/conversations`, w.alice, { kind: 'internal' })).json();
  await post(`/conversations/${internal.id}/messages`, w.alice, { body: 'internal only' });
  await post(`/conversations/${ext.id}/messages`, w.alice, { body: 'secret terms', requireMfa: true });
  await post(`/conversations/${ext.id}/messages`, w.alice, { body: 'hello Carla' });
  const open = await portal.next(isMessage('hello Carla'));
  expect(open.message).not.toHaveProperty('readBy');
  expect(open.message).not.toHaveProperty('deliveries');
  const locked = portal.events.find(
    (e) => e.type === 'message.created' && (e.message as { seq: number }).seq === 1,
  )!;
  expect(locked.message).toEqual({
    id: expect.any(String),
    seq: 1,
    conversationId: ext.id,
    author: expect.any(Object),
    createdAt: expect.any(String),
    requireMfa: true,
    locked: true,
  });
  await post(`/conversations/${ext.id}/read`, w.alice, { seq: 2 });
  await quiet();
  expect(
    portal.events.filter((e) => e.type === 'message.read' || JSON.stringify(e).includes('internal only')),
  ).toEqual([]);
});

it('checks a portal socket’s own session at send time too', async () => {
  // Carla (the open matter's party) as a portal user, with two sessions; one is revoked in the
  // database only (no `sessions.ended` reaches the hub).
  const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, w.party.contactId));
  let portalUserId = contact!.portalUserId;
  if (!portalUserId) {
    const [user] = await env.deps.db
      .insert(portalUsers)
      .values({ email: w.party.contact.email!, name: 'Carla' })
      .returning();
    portalUserId = user!.id;
    await env.deps.db.update(contacts).set({ portalUserId }).where(eq(contacts.id, w.party.contactId));
  }
  const policy = sessionPolicy(env.deps.config);
  const meta = { ip: null, userAgent: null };
  const [kept, dropped] = await Promise.all(
    [1, 2].map(() =>
      createSession(env.deps.db, policy, { type: 'portal', portalUserId: portalUserId! }, meta),
    ),
  );
  const live = await connect(kept!.token);
  const revoked = await connect(dropped!.token);
  await env.deps.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(eq(sessions.id, dropped!.sessionId));
  const ext = (
    await post(`/matters/${w.open.id}/conversations`, w.alice, { kind: 'external', partyIds: [w.party.id] })
  ).json();
  await post(`/conversations/${ext.id}/messages`, w.alice, { body: 'for Carla’s live session' });
  await live.next(isMessage('for Carla’s live session'));
  await quiet();
  expect(revoked.events.filter((e) => e.type === 'message.created')).toEqual([]);
});

it('relays delivery.updated to staff only and share.revoked to everyone in the conversation', async () => {
  const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, w.party.contactId));
  const session = await createSession(
    env.deps.db,
    sessionPolicy(env.deps.config),
    { type: 'portal', portalUserId: contact!.portalUserId! },
    { ip: null, userAgent: null },
  );
  const portal = await connect(session.token);
  const alice = await connect(w.alice.token);
  const ext = (
    await post(`/matters/${w.open.id}/conversations`, w.alice, { kind: 'external', partyIds: [w.party.id] })
  ).json();
  await env.deps.realtime.publish({
    type: 'delivery.updated',
    conversationId: ext.id,
    messageId: 'm1',
    partyId: w.party.id,
    channel: 'sms',
    status: 'delivered',
  });
  await env.deps.realtime.publish({ type: 'share.revoked', conversationId: ext.id, shareId: 's1' });
  expect(await alice.next((e) => e.type === 'delivery.updated')).toMatchObject({
    status: 'delivered',
    channel: 'sms',
  });
  expect(await portal.next((e) => e.type === 'share.revoked')).toEqual({
    type: 'share.revoked',
    shareId: 's1',
    conversationId: ext.id,
  });
  await alice.next((e) => e.type === 'share.revoked');
  expect(portal.events.filter((e) => e.type === 'delivery.updated')).toEqual([]);
});
