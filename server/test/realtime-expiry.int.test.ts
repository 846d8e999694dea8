import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createSession } from '../src/modules/identity/sessions.repository';
import { sessions } from '../src/platform/db/schema';
import { realtimeEnv } from './realtime-env';

/** #19 item 6: a socket closes (4401) when its session expires by idle time, like on revoke. */
const { ctx, connect } = realtimeEnv();

const meta = { ip: null, userAgent: null };
/** A staff session that goes idle after `idleMs` (the absolute limit stays hours away). */
async function shortSession(idleMs: number) {
  const createdAt = Date.now();
  const session = await createSession(
    ctx.env.deps.db,
    { idleMs, absoluteMs: 8 * 3_600_000 },
    { type: 'staff', staffId: ctx.w.bob.id, firmId: ctx.w.firmId },
    meta,
  );
  const client = await connect(session.token);
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
  await ctx.env.deps.db
    .update(sessions)
    .set({ idleExpiresAt: new Date(Date.now() + 4000) })
    .where(eq(sessions.id, sessionId));
  expect(await within(client.closed, 3000)).toBe('open');
  expect(await within(client.closed, 5000)).toBe(4401);
});

it('closes at absolute expiry too, and when the session was revoked in the database only', async () => {
  const absolute = await createSession(
    ctx.env.deps.db,
    { idleMs: 3_600_000, absoluteMs: 1500 },
    { type: 'staff', staffId: ctx.w.bob.id, firmId: ctx.w.firmId },
    meta,
  );
  const a = await connect(absolute.token);
  expect(await within(a.closed, 6000)).toBe(4401);
  const { client, sessionId } = await shortSession(1500);
  await ctx.env.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
  expect(await within(client.closed, 6000)).toBe(4401);
});
