/**
 * Rate limits under concurrency (#19 item 2): hundreds of attempts at once. Each attempt takes its
 * slot BEFORE the password or code is checked, so at most the limit is ever checked (counted by the
 * answers that say "wrong", and by audit rows where there are some), and the right secret sent in the
 * same burst after the limit is refused too.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../src/modules/identity/totp';
import { STEP_UP_FAILURES_PER_HOUR } from '../src/modules/portal/step-up';
import { queryRows } from '../src/platform/db/database';
import { auditLog, jobs } from '../src/platform/db/schema';
import { call, createTestEnv, PASSWORD, seedFirm, seedPortalUser, seedStaff, type TestEnv } from './helpers';

const LIMIT = 10;
let env: TestEnv;
let firmId: string;

beforeAll(async () => {
  env = await createTestEnv({ env: { LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: String(LIMIT) } });
  firmId = (await seedFirm(env.deps)).firm.id;
});
afterAll(() => env.close());

let ipCounter = 0;
const nextIp = () => `10.${(++ipCounter >> 8) & 255}.${ipCounter & 255}.9`;

/** Every request at once; the statuses in the order they were sent. */
const burst = (n: number, send: (i: number) => ReturnType<typeof call>) =>
  Promise.all(Array.from({ length: n }, (_, i) => send(i)));

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** A 6-digit code that is none of the codes valid around now (±2 steps), so surely wrong. */
function wrongTotp(key: Buffer): string {
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => totpAt(key, Date.now() + step * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

describe('staff sign-in under a burst', () => {
  it('checks at most LOGIN_LIMIT_PER_ACCOUNT of 200 concurrent wrong passwords; the right one after them → 429', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const responses = await burst(201, (i) =>
      call(env.app, 'POST', '/auth/login', {
        body: { email: user.email, password: i === 200 ? PASSWORD : `wrong ${i}` },
        remoteAddress: nextIp(),
      }),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(count(statuses, 401)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(201 - LIMIT);
    expect(statuses[200]).toBe(429);
    const failed = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.targetId, user.id)));
    expect(failed).toHaveLength(LIMIT);
    expect(
      (await call(env.app, 'POST', '/auth/login', { body: { email: user.email, password: PASSWORD } }))
        .statusCode,
    ).toBe(429);
  });

  it('checks at most the limit of concurrent TOTP codes at sign-in (right password, wrong code)', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const setup = await call(env.app, 'POST', '/auth/totp/setup', { as: user });
    const key = base32Decode(setup.json().secret);
    const confirmed = await call(env.app, 'POST', '/auth/totp/confirm', {
      as: user,
      body: { code: totpAt(key, Date.now()) },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const wrong = wrongTotp(key);
    const statuses = (
      await burst(200, () =>
        call(env.app, 'POST', '/auth/login', {
          body: { email: user.email, password: PASSWORD, totp: wrong },
          remoteAddress: nextIp(),
        }),
      )
    ).map((r) => r.statusCode);
    expect(count(statuses, 401)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(200 - LIMIT);
    const failed = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.targetId, user.id)));
    expect(failed).toHaveLength(LIMIT);
  });

  it('changing a password: at most the limit of 200 concurrent wrong current passwords is checked', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const statuses = (
      await burst(200, (i) =>
        call(env.app, 'POST', '/auth/password', {
          as: user,
          body: { currentPassword: `wrong ${i}`, newPassword: 'a brand new passphrase' },
        }),
      )
    ).map((r) => r.statusCode);
    expect(count(statuses, 422)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(200 - LIMIT);
    const right = await call(env.app, 'POST', '/auth/password', {
      as: user,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(right.statusCode).toBe(429);
  });

  it('confirming TOTP: at most the limit of 200 concurrent wrong codes is checked, then even the right one → 429', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const key = base32Decode((await call(env.app, 'POST', '/auth/totp/setup', { as: user })).json().secret);
    const wrong = wrongTotp(key);
    const statuses = (
      await burst(200, () => call(env.app, 'POST', '/auth/totp/confirm', { as: user, body: { code: wrong } }))
    ).map((r) => r.statusCode);
    expect(count(statuses, 422)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(200 - LIMIT);
    const right = await call(env.app, 'POST', '/auth/totp/confirm', {
      as: user,
      body: { code: totpAt(key, Date.now()) },
    });
    expect(right.statusCode).toBe(429);
  });

  it('a right answer gives its slot back: a right code does not count as a failure', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const key = base32Decode((await call(env.app, 'POST', '/auth/totp/setup', { as: user })).json().secret);
    const wrong = wrongTotp(key);
    for (let i = 0; i < LIMIT - 1; i++)
      await call(env.app, 'POST', '/auth/totp/confirm', { as: user, body: { code: wrong } });
    const right = await call(env.app, 'POST', '/auth/totp/confirm', {
      as: user,
      body: { code: totpAt(key, Date.now()) },
    });
    expect(right.statusCode).toBe(200);
    const [row] = await queryRows<{ count: number }>(
      env.deps.db,
      sql`select count from rate_limits where key = ${`totp:fail:staff:${user.id}`}`,
    );
    expect(Number(row?.count)).toBe(LIMIT - 1);
  });
});

describe('portal limits under a burst', () => {
  async function enrolPortalTotp(user: { token: string }) {
    const key = base32Decode(
      (await call(env.app, 'POST', '/portal/mfa/totp/setup', { as: user })).json().secret,
    );
    const ok = await call(env.app, 'POST', '/portal/mfa/totp/confirm', {
      as: user,
      body: { code: totpAt(key, Date.now() - 30_000) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    return key;
  }

  it(`step-up: at most ${STEP_UP_FAILURES_PER_HOUR} of 400 concurrent wrong TOTP codes are checked; the right one after → 429`, async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const key = await enrolPortalTotp(user);
    const wrong = wrongTotp(key);
    const statuses = (
      await burst(400, () => call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: wrong } }))
    ).map((r) => r.statusCode);
    expect(count(statuses, 422)).toBe(STEP_UP_FAILURES_PER_HOUR);
    expect(count(statuses, 429)).toBe(400 - STEP_UP_FAILURES_PER_HOUR);
    const right = await call(env.app, 'POST', '/portal/mfa/verify', {
      as: user,
      body: { code: totpAt(key, Date.now()) },
    });
    expect(right.statusCode).toBe(429);
  });

  it(`TOTP confirm: at most ${STEP_UP_FAILURES_PER_HOUR} of 300 concurrent wrong codes are checked`, async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const key = base32Decode(
      (await call(env.app, 'POST', '/portal/mfa/totp/setup', { as: user })).json().secret,
    );
    const wrong = wrongTotp(key);
    const statuses = (
      await burst(300, () =>
        call(env.app, 'POST', '/portal/mfa/totp/confirm', { as: user, body: { code: wrong } }),
      )
    ).map((r) => r.statusCode);
    expect(count(statuses, 422)).toBe(STEP_UP_FAILURES_PER_HOUR);
    expect(count(statuses, 429)).toBe(300 - STEP_UP_FAILURES_PER_HOUR);
  });

  it('email links: of 200 concurrent requests for one email, at most the limit send a link', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const before = (await env.deps.db.select().from(jobs)).length;
    const statuses = (
      await burst(200, () =>
        call(env.app, 'POST', '/portal/auth/email-link', {
          body: { email: user.email },
          remoteAddress: nextIp(),
        }),
      )
    ).map((r) => r.statusCode);
    expect(count(statuses, 202)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(200 - LIMIT);
    expect((await env.deps.db.select().from(jobs)).length - before).toBe(LIMIT);
  });

  it('step-up challenges: of 100 concurrent, at most 10 make a code', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const statuses = (
      await burst(100, () =>
        call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } }),
      )
    ).map((r) => r.statusCode);
    expect(count(statuses, 202)).toBe(10);
    expect(count(statuses, 429)).toBe(90);
  });

  it('quick-reply links: of a concurrent burst from one address, at most the limit is looked up', async () => {
    const quick = (
      await burst(150, () =>
        call(env.app, 'GET', `/quick/${randomBytes(32).toString('base64url')}`, {
          remoteAddress: '192.0.2.250',
        }),
      )
    ).map((r) => r.statusCode);
    expect(count(quick, 404)).toBe(env.deps.config.QUICK_REPLY_LIMIT_PER_IP);
    expect(count(quick, 429)).toBe(150 - env.deps.config.QUICK_REPLY_LIMIT_PER_IP);
  });
});
