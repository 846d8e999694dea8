import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createTestEnv, seedFirm, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

it('answers /healthz and /me', async () => {
  const { admin } = await seedFirm(env.deps);
  expect((await call(env.app, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
  const me = await call(env.app, 'GET', '/me', { as: admin });
  expect(me.statusCode).toBe(200);
});
