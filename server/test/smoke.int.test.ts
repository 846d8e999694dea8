import { expect, it } from 'vitest';
import { call, createTestEnv, seedFirm } from './helpers';

it('answers /healthz 200 while the database answers, and 503 once it does not', async () => {
  const env = await createTestEnv();
  const { admin } = await seedFirm(env.deps);
  const ok = await call(env.app, 'GET', '/healthz');
  expect(ok.statusCode).toBe(200);
  expect(ok.json()).toEqual({ status: 'ok' });
  expect((await call(env.app, 'GET', '/me', { as: admin })).statusCode).toBe(200);
  // Release the realtime LISTEN connection first: pool.end() waits for every checked-out client.
  await env.deps.realtime.close();
  await env.deps.database.close();
  const down = await call(env.app, 'GET', '/healthz');
  expect(down.statusCode).toBe(503);
  env.deps.database.close = async () => {};
  await env.close();
});
