/** Behind a reverse proxy: the client address comes from X-Forwarded-For only when TRUST_PROXY says so. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database';
import { call, createTestEnv, PASSWORD, seedFirm, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('TRUST_PROXY (behind a reverse proxy)', () => {
  const loginIp = async (e: TestEnv, headers: Record<string, string>) => {
    const { admin: who } = await seedFirm(e.deps);
    const res = await call(e.app, 'POST', '/auth/login', {
      body: { email: who.email, password: PASSWORD },
      headers,
    });
    expect(res.statusCode).toBe(200);
    const [row] = await queryRows<{ ip: string }>(
      e.deps.db,
      sql`select ip from audit_log where action = 'auth.login' and actor_id = ${who.id}`,
    );
    return row!.ip;
  };

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    expect(await loginIp(env, forwarded)).toBe('127.0.0.1'); // unset: the header is ignored
    const proxied = await createTestEnv({ env: { TRUST_PROXY: 'loopback' } });
    try {
      expect(await loginIp(proxied, forwarded)).toBe('203.0.113.7');
    } finally {
      await proxied.close();
    }
  });
});
