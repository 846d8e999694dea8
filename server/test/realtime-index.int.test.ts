import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { contacts, portalUsers } from '../src/platform/db/schema';
import { call, seedStaff } from './helpers';
import { seedMatter, seedParty } from './messaging-fixture';
import { realtimeEnv } from './realtime-env';
import { type EventClient, isMessage } from './ws-client';

/**
 * #19 item 10: realtime decides who may see a conversation from an in-memory index, kept true by
 * the events of the bus. Each change of access must reach it before the next message is pushed:
 * a matter restricted, a party removed, a role taken away. (Access gained shows up too.)
 */
const { ctx, connect } = realtimeEnv();
const post = (url: string, as: { token: string }, body: unknown) =>
  call(ctx.env.app, 'POST', url, { as, body });
const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));
const got = (client: EventClient, body: string) => client.events.filter((e) => isMessage(body)(e)).length;

it('restricting a matter stops pushes to staff taken off it at once, and lifting it restores them', async () => {
  const matter = await seedMatter(ctx.env.deps, ctx.w.firmId, ctx.w.alice.id);
  const carol = await connect(ctx.w.carol.token);
  const c = (await post(`/matters/${matter.id}/conversations`, ctx.w.alice, { kind: 'internal' })).json();
  await post(`/conversations/${c.id}/messages`, ctx.w.alice, { body: 'before' });
  await carol.next(isMessage('before')); // carol is in the index for this conversation now
  const restrict = await call(ctx.env.app, 'PATCH', `/matters/${matter.id}`, {
    as: ctx.w.alice,
    body: { restricted: true, staffIds: [ctx.w.alice.id] },
  });
  expect(restrict.statusCode, restrict.body).toBe(200);
  const alice = await connect(ctx.w.alice.token);
  await post(`/conversations/${c.id}/messages`, ctx.w.alice, { body: 'restricted now' });
  await alice.next(isMessage('restricted now'));
  await quiet();
  expect(got(carol, 'restricted now')).toBe(0);
  await call(ctx.env.app, 'PATCH', `/matters/${matter.id}`, { as: ctx.w.alice, body: { restricted: false } });
  await post(`/conversations/${c.id}/messages`, ctx.w.alice, { body: 'open again' });
  await carol.next(isMessage('open again'));
});

it('a party removed from the matter stops getting its conversations on the portal socket', async () => {
  const matter = await seedMatter(ctx.env.deps, ctx.w.firmId, ctx.w.alice.id);
  const party = await seedParty(ctx.env.deps, ctx.w.firmId, matter.id, 'Pat Party');
  const [user] = await ctx.env.deps.db
    .insert(portalUsers)
    .values({ email: party.contact.email!, name: 'Pat' })
    .returning();
  await ctx.env.deps.db
    .update(contacts)
    .set({ portalUserId: user!.id })
    .where(eq(contacts.id, party.contactId));
  const session = await createSession(
    ctx.env.deps.db,
    sessionPolicy(ctx.env.deps.config),
    { type: 'portal', portalUserId: user!.id },
    { ip: null, userAgent: null },
  );
  const portal = await connect(session.token);
  const ext = (
    await post(`/matters/${matter.id}/conversations`, ctx.w.alice, { kind: 'external', partyIds: [party.id] })
  ).json();
  await post(`/conversations/${ext.id}/messages`, ctx.w.alice, { body: 'hello Pat' });
  await portal.next(isMessage('hello Pat'));
  const removed = await call(ctx.env.app, 'DELETE', `/matters/${matter.id}/parties/${party.id}`, {
    as: ctx.w.alice,
  });
  expect(removed.statusCode, removed.body).toBe(204);
  const alice = await connect(ctx.w.alice.token);
  await post(`/conversations/${ext.id}/messages`, ctx.w.alice, { body: 'after removal' });
  await alice.next(isMessage('after removal'));
  await quiet();
  expect(got(portal, 'after removal')).toBe(0);
});

it('an admin demoted to staff stops getting a restricted matter they are not on', async () => {
  const dave = await seedStaff(ctx.env.deps, ctx.w.firmId, 'admin', 'Dave');
  const matter = await seedMatter(ctx.env.deps, ctx.w.firmId, ctx.w.alice.id, [ctx.w.alice.id]);
  const socket = await connect(dave.token);
  const c = (await post(`/matters/${matter.id}/conversations`, ctx.w.alice, { kind: 'internal' })).json();
  await post(`/conversations/${c.id}/messages`, ctx.w.alice, { body: 'for admins too' });
  await socket.next(isMessage('for admins too'));
  const demoted = await call(ctx.env.app, 'PATCH', `/staff/${dave.id}`, {
    as: ctx.w.admin,
    body: { role: 'staff' },
  });
  expect(demoted.statusCode, demoted.body).toBe(200);
  const alice = await connect(ctx.w.alice.token);
  await post(`/conversations/${c.id}/messages`, ctx.w.alice, { body: 'not for Dave now' });
  await alice.next(isMessage('not for Dave now'));
  await quiet();
  expect(got(socket, 'not for Dave now')).toBe(0);
});
