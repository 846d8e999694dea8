import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSession } from '../src/modules/identity/sessions';
import { sessions } from '../src/platform/db/schema';
import { createTestEnv, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { connectEvents, type EventClient } from './ws-client';

/** #19 item 6: a socket closes (4401) when its session expires by idle time, like on revoke. */
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

const meta = { ip: null, userAgent: null };
/** A staff session that goes idle after `idleMs` (the absolute limit stays hours away). */
async function shortSession(idleMs: number) {
  const createdAt = Date.now();
  const session = await createSession(
    env.deps.db,
    { idleMs, absoluteMs: 8 * 3_600_000 },
    { type: 'staff', staffId: w.bob.id, firmId: w.firmId },
    meta,
  );
  const client = await connectEvents(`${base}?token=${encodeURIComponent(session.token)}`);
  clients.push(client);
  return { ...session, client, createdAt };
}
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms))]);

it('closes a socket with 4401 when its session expires by idle time', async () => {
  const { client, createdAt } = await shortSession(1500);
  expect(await within(client.closed, 6000)).toBe(4401);
  expect(Date.now() - createdAt).toBeGreaterThanOrEqual(1500);
});

it('keeps a socket open while activity elsewhere pushes idle expiry forward, then closes it', async () => {
  const { client, sessionId } = await shortSession(2500);
  // Activity through REST moves idle_expires_at on; the socket must follow the new deadline.
  await env.deps.db
    .update(sessions)
    .set({ idleExpiresAt: new Date(Date.now() + 4000) })
    .where(eq(sessions.id, sessionId));
  expect(await within(client.closed, 3000)).toBe('open');
  expect(await within(client.closed, 5000)).toBe(4401);
});

it('closes at absolute expiry too, and when the session was revoked in the database only', async () => {
  const absolute = await createSession(
    env.deps.db,
    { idleMs: 3_600_000, absoluteMs: 1500 },
    { type: 'staff', staffId: w.bob.id, firmId: w.firmId },
    meta,
  );
  const a = await connectEvents(`${base}?token=${encodeURIComponent(absolute.token)}`);
  clients.push(a);
  expect(await within(a.closed, 6000)).toBe(4401);
  const { client, sessionId } = await shortSession(1500);
  await env.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
  expect(await within(client.closed, 6000)).toBe(4401);
});
