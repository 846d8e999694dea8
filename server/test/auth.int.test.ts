import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDeviceCookie } from '../src/modules/identity/device-cookie';
import { hashToken } from '../src/modules/identity/sessions.repository';
import { auditLog, sessions } from '../src/platform/db/schema';
import { call, createTestEnv, PASSWORD, PUBLIC_URL, seedFirm, seedStaff, type TestEnv } from './helpers';

let env: TestEnv;
let firmId: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { LOGIN_LIMIT_PER_IP: '8', LOGIN_LIMIT_PER_ACCOUNT: '3' } });
  firmId = (await seedFirm(env.deps)).firm.id;
});
afterAll(() => env.close());

let ipCounter = 0;
/** Each login comes from its own address unless a test says otherwise, so IP limits don't interfere. */
const login = (email: string, password: string, ip = `10.0.0.${++ipCounter}`) =>
  call(env.app, 'POST', '/auth/login', { body: { email, password }, remoteAddress: ip });

describe('staff sign-in', () => {
  it('signs in with email and password, returning a token, the user and an HttpOnly Lax cookie', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff', 'Sam Staff');
    const res = await login(user.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: user.id, name: 'Sam Staff', email: user.email, role: 'staff' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`parley_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // Only the hash is stored.
    const [row] = await env.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(body.token)));
    expect(row?.staffId).toBe(user.id);
    const stored = JSON.stringify(await env.deps.db.select().from(sessions));
    expect(stored).not.toContain(body.token);
    const me = await call(env.app, 'GET', '/me', { as: { token: body.token } });
    expect(me.json()).toMatchObject({ id: user.id, role: 'staff', firm: { id: firmId } });
    const audit = await env.deps.db.select().from(auditLog).where(eq(auditLog.targetId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(['auth.login']);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const wrong = await login(user.email, 'not the password');
    const unknown = await login('nobody@example.test', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('refuses a deactivated account', async () => {
    const { admin } = await seedFirm(env.deps);
    const user = await seedStaff(env.deps, admin.firmId, 'staff');
    await call(env.app, 'PATCH', `/staff/${user.id}`, { as: admin, body: { active: false } });
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('logout kills the token at once', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    expect((await call(env.app, 'GET', '/me', { as: user })).statusCode).toBe(200);
    expect((await call(env.app, 'POST', '/auth/logout', { as: user })).statusCode).toBe(204);
    const after = await call(env.app, 'GET', '/me', { as: user });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('expires after the idle time and after the absolute time', async () => {
    const idle = await seedStaff(env.deps, firmId, 'staff');
    const absolute = await seedStaff(env.deps, firmId, 'staff');
    await env.deps.db.execute(
      sql`update sessions set idle_expires_at = now() - interval '1 second' where staff_id = ${idle.id}`,
    );
    await env.deps.db.execute(
      sql`update sessions set absolute_expires_at = now() - interval '1 second' where staff_id = ${absolute.id}`,
    );
    expect((await call(env.app, 'GET', '/me', { as: idle })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/me', { as: absolute })).statusCode).toBe(401);
  });

  it('activity extends the idle expiry, never past the absolute one', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    await env.deps.db.execute(sql`
      update sessions set last_seen_at = now() - interval '10 minutes', idle_expires_at = now() + interval '20 minutes',
        absolute_expires_at = now() + interval '25 minutes'
      where staff_id = ${user.id}`);
    expect((await call(env.app, 'GET', '/me', { as: user })).statusCode).toBe(200);
    const [row] = await env.deps.db.select().from(sessions).where(eq(sessions.staffId, user.id));
    expect(row!.idleExpiresAt.getTime()).toBe(row!.absoluteExpiresAt.getTime()); // capped at 25 min
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 5000);
  });

  it('a garbage or missing token is 401', async () => {
    for (const authorization of ['Bearer nope', 'Bearer ', 'Basic abc', `Bearer ${'x'.repeat(5000)}`]) {
      const res = await call(env.app, 'GET', '/me', { headers: { authorization } });
      expect(res.statusCode).toBe(401);
    }
    expect((await call(env.app, 'GET', '/me')).statusCode).toBe(401);
  });

  it('deactivating a staff member ends all their sessions', async () => {
    const { admin } = await seedFirm(env.deps);
    const user = await seedStaff(env.deps, admin.firmId, 'staff');
    const second = (await login(user.email, PASSWORD)).json().token as string;
    const ended: string[][] = [];
    env.deps.events.on('sessions.ended', (e) => ended.push(e.sessionIds));
    const res = await call(env.app, 'PATCH', `/staff/${user.id}`, { as: admin, body: { active: false } });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await call(env.app, 'GET', '/me', { as: user })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/me', { as: { token: second } })).statusCode).toBe(401);
    expect(ended.at(-1)).toHaveLength(2);
  });
});

describe('cookie sessions and the Origin check', () => {
  it('accepts cookie GETs, and cookie writes only from the app origin', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    expect((await call(env.app, 'GET', '/me', { as: user, cookie: true })).statusCode).toBe(200);
    const body = { name: 'Origin Test' };
    const noOrigin = await call(env.app, 'POST', '/contacts', { as: user, cookie: true, body });
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json().error.code).toBe('forbidden');
    const evil = await call(env.app, 'POST', '/contacts', {
      as: user,
      cookie: true,
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.statusCode).toBe(403);
    // the refusal names what came, PUBLIC_URL and the origin it expected (a wrong PUBLIC_URL shows at once)
    expect(evil.json().error.message).toBe(
      'This request did not come from Parley itself (Origin check failed): it came from https://evil.example, ' +
        `but PUBLIC_URL is ${PUBLIC_URL}, so the origin must be ${PUBLIC_URL}. ` +
        'If people reach Parley at https://evil.example, set PUBLIC_URL to that address.',
    );
    expect(noOrigin.json().error.message).toContain(
      `it carried no Origin or Referer, but PUBLIC_URL is ${PUBLIC_URL}, so the origin must be ${PUBLIC_URL}.`,
    );
    const evilReferer = await call(env.app, 'POST', '/contacts', {
      as: user,
      cookie: true,
      body,
      headers: { referer: 'https://evil.example/page' },
    });
    expect(evilReferer.statusCode).toBe(403);
    const good = await call(env.app, 'POST', '/contacts', {
      as: user,
      cookie: true,
      body,
      headers: { origin: PUBLIC_URL },
    });
    expect(good.statusCode).toBe(201);
    const goodReferer = await call(env.app, 'POST', '/contacts', {
      as: user,
      cookie: true,
      body,
      headers: { referer: `${PUBLIC_URL}/matters/1` },
    });
    expect(goodReferer.statusCode).toBe(201);
  });

  it('refuses a sign-in from a foreign Origin or Referer (login CSRF); none, as from a script, is allowed', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const body = { email: user.email, password: PASSWORD };
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/login' },
    ]) {
      const res = await call(env.app, 'POST', '/auth/login', {
        body,
        headers,
        remoteAddress: `10.1.0.${++ipCounter}`,
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const ours = await call(env.app, 'POST', '/auth/login', {
      body,
      headers: { origin: PUBLIC_URL },
      remoteAddress: `10.1.0.${++ipCounter}`,
    });
    expect(ours.statusCode).toBe(200);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200); // no Origin: a non-browser client
  });

  it('bearer writes need no Origin', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    expect(
      (await call(env.app, 'POST', '/contacts', { as: user, body: { name: 'Bearer' } })).statusCode,
    ).toBe(201);
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestEnv({ env: { PUBLIC_URL: 'https://portal.example.com' } });
    try {
      const { firm } = await seedFirm(secure.deps);
      const user = await seedStaff(secure.deps, firm.id, 'staff');
      const res = await call(secure.app, 'POST', '/auth/login', {
        body: { email: user.email, password: PASSWORD },
      });
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe('login rate limits', () => {
  it('limits attempts per IP, with Retry-After', async () => {
    const ip = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(`someone${i}@example.test`, 'x', ip)).statusCode);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    const limited = await login('someone@example.test', 'x', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login('someone@example.test', 'x', '192.0.2.78')).statusCode).toBe(401);
  });

  it('locks an account after repeated failures, even with the right password, from any address', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password')).statusCode).toBe(401);
    const res = await login(user.email, PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('a successful sign-in clears the failure count', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong password');
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong password');
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });
});

describe("lockout is no weapon: the account's own device gets through (device cookies)", () => {
  const deviceOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === 'parley_device')?.value;
  const loginWith = (email: string, password: string, device?: string) =>
    call(env.app, 'POST', '/auth/login', {
      body: { email, password },
      remoteAddress: `10.2.0.${++ipCounter}`,
      ...(device ? { cookies: { parley_device: device } } : {}),
    });

  it('a sign-in sets a signed HttpOnly Strict device cookie, sent only to /api/v1/auth, for 30 days', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const res = await login(user.email, PASSWORD);
    const cookie = (
      res.cookies as { name: string; path?: string; maxAge?: number; httpOnly?: boolean; sameSite?: string }[]
    ).find((c) => c.name === 'parley_device');
    expect(cookie).toMatchObject({
      path: '/api/v1/auth',
      maxAge: 30 * 86_400,
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(deviceOf(res)).toMatch(new RegExp(`^v1\\.${user.id}\\.`));
  });

  it('wrong passwords from elsewhere lock untrusted clients out, not the browser that signed in before', async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const device = deviceOf(await login(user.email, PASSWORD))!;
    for (let i = 0; i < 5; i++) await loginWith(user.email, 'attacker guess');
    expect((await loginWith(user.email, PASSWORD)).statusCode).toBe(429); // no device cookie
    const mine = await loginWith(user.email, PASSWORD, device);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(deviceOf(mine)).not.toBe(device); // a fresh one each time
    // Untrusted clients stay locked out.
    expect((await loginWith(user.email, PASSWORD)).statusCode).toBe(429);
  });

  it("the device has its own limit, and a forged, stale or another account's cookie counts as none", async () => {
    const user = await seedStaff(env.deps, firmId, 'staff');
    const other = await seedStaff(env.deps, firmId, 'staff');
    const device = deviceOf(await login(user.email, PASSWORD))!;
    const othersDevice = deviceOf(await login(other.email, PASSWORD))!;
    for (let i = 0; i < 3; i++) await loginWith(user.email, 'wrong', device);
    expect((await loginWith(user.email, PASSWORD, device)).statusCode).toBe(429);

    const victim = await seedStaff(env.deps, firmId, 'staff');
    const victimDevice = deviceOf(await login(victim.email, PASSWORD))!;
    for (let i = 0; i < 3; i++) await loginWith(victim.email, 'attacker guess');
    const [v, id, nonce, issued, mac] = victimDevice.split('.');
    const stale = issueDeviceCookie(
      env.deps.secrets,
      'staff',
      victim.id,
      new Date(Date.now() - 31 * 86_400_000),
    );
    const forged = `${v}.${id}.${nonce}.${issued}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const cookie of [othersDevice, stale, forged, 'garbage'])
      expect((await loginWith(victim.email, PASSWORD, cookie)).statusCode, cookie).toBe(429);
    expect((await loginWith(victim.email, PASSWORD, victimDevice)).statusCode).toBe(200);
  });
});

describe('staff administration', () => {
  it('lets an admin add staff (generating a password once) and refuses duplicates', async () => {
    const { admin } = await seedFirm(env.deps);
    const res = await call(env.app, 'POST', '/staff', {
      as: admin,
      body: { name: 'New Person', email: 'New.Person@Example.test', role: 'staff' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: 'New Person',
      email: 'new.person@example.test',
      role: 'staff',
      active: true,
    });
    expect(created.initialPassword).toMatch(/.{16,}/);
    expect((await login('new.person@example.test', created.initialPassword)).statusCode).toBe(200);
    const again = await call(env.app, 'POST', '/staff', {
      as: admin,
      body: { name: 'X', email: 'new.person@example.test', role: 'staff' },
    });
    expect(again.statusCode).toBe(409);
    const list = await call(env.app, 'GET', '/staff', { as: admin });
    expect(list.json().items.map((s: { email: string }) => s.email)).toContain('new.person@example.test');
  });

  it('an admin cannot deactivate or demote themselves', async () => {
    const { admin } = await seedFirm(env.deps);
    for (const body of [{ active: false }, { role: 'staff' }]) {
      const res = await call(env.app, 'PATCH', `/staff/${admin.id}`, { as: admin, body });
      expect(res.statusCode).toBe(422);
    }
  });

  it('pages through staff with a cursor', async () => {
    const { admin } = await seedFirm(env.deps);
    for (let i = 0; i < 4; i++) await seedStaff(env.deps, admin.firmId, 'staff', `Pager ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(env.app, 'GET', `/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        as: admin,
      });
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((s) => s.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});
