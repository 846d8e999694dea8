import { afterAll, beforeAll } from 'vitest';
import { createTestEnv, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { connectEvents, type EventClient } from './ws-client';

/**
 * A realtime test file's setup: a listening app with the messaging world, a `connect(token)` that
 * opens a recorded socket, and everything closed after the file.
 */
export function realtimeEnv() {
  const ctx = {} as { env: TestEnv; w: World; base: string };
  const clients: EventClient[] = [];
  beforeAll(async () => {
    ctx.env = await createTestEnv();
    ctx.w = await seedWorld(ctx.env.deps);
    await ctx.env.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.env.app.server.address();
    ctx.base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/realtime`;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await ctx.env.close();
  });
  const connect = async (token: string) => {
    const client = await connectEvents(`${ctx.base}?token=${encodeURIComponent(token)}`);
    clients.push(client);
    return client;
  };
  return { ctx, connect };
}
