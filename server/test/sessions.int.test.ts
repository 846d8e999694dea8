/**
 * Sessions people can see (issue 17 item 3): the list marks this one and says the device in words
 * and the address (through TRUST_PROXY); ending one makes its cookie 401 at once; ending the
 * others keeps this one; an admin ends a staff member's; nobody reaches another person's sessions
 * (404); every end is audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { queryRows } from '../src/platform/db/database';
import {
  call,
  createTestEnv,
  PASSWORD,
  PUBLIC_URL,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  seedStaff,
  type TestEnv,
} from './helpers';

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const ORIGIN = { origin: PUBLIC_URL };

let env: TestEnv;
let firmId: string;
let admin: SeededStaff;

beforeAll(async () => {
  env = await createTestEnv({ env: { TRUST_PROXY: 'loopback' } });
  ({
    firm: { id: firmId },
    admin,
  } = await seedFirm(env.deps));
});
afterAll(() => env.close());

type Session = { id: string; current: boolean; device: { browser: string; os: string }; ip: string };

/** A cookie sign-in from this browser and address, as the staff app does it. */
async function signIn(email: string, userAgent: string, ip: string): Promise<{ token: string }> {
  const res = await call(env.app, 'POST', '/auth/login', {
    body: { email, password: PASSWORD },
    headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { token: res.json().token };
}

const sessionsOf = async (as: { token: string }, url = '/me/sessions') => {
  const res = await call(env.app, 'GET', url, { as, cookie: url === '/me/sessions' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Session[];
};

const auditRows = (action: string, targetId: string) =>
  queryRows<{ actor_id: string; ip: string; data: { endedSessions: number } }>(
    env.deps.db,
    sql`select actor_id, ip, data from audit_log where action = ${action} and target_id = ${targetId}`,
  );

describe('staff sessions', () => {
  it('lists this one marked, in words, with the address; ending one makes its cookie 401', async () => {
    const who = await seedStaff(env.deps, firmId, 'staff');
    const phone = await signIn(who.email, ANDROID_CHROME, '203.0.113.7');
    const laptop = await signIn(who.email, MAC_SAFARI, '198.51.100.20');
    const listed = await sessionsOf(laptop);
    const mine = listed.find((s) => s.current)!;
    const other = listed.find((s) => s.device.os === 'Android')!;
    expect(mine).toMatchObject({ device: { browser: 'Safari', os: 'macOS' }, ip: '198.51.100.20' });
    expect(other).toMatchObject({ current: false, device: { browser: 'Chrome' }, ip: '203.0.113.7' });
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(listed).toHaveLength(3); // with the seeded one

    const ended = await call(env.app, 'DELETE', `/me/sessions/${other.id}`, {
      as: laptop,
      cookie: true,
      headers: { ...ORIGIN, 'x-forwarded-for': '198.51.100.20', 'user-agent': MAC_SAFARI },
    });
    expect(ended.statusCode, ended.body).toBe(204);
    const refused = await call(env.app, 'GET', '/me', { as: phone, cookie: true });
    expect(refused.statusCode).toBe(401);
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(other.id);
    const [row] = await auditRows('session.end', other.id);
    expect(row).toMatchObject({ actor_id: who.id, ip: '198.51.100.20', data: { endedSessions: 1 } });

    // Ended already: 404, and no second audit row.
    const again = await call(env.app, 'DELETE', `/me/sessions/${other.id}`, { as: laptop });
    expect(again.statusCode).toBe(404);
    expect(await auditRows('session.end', other.id)).toHaveLength(1);
  });

  it('ends all others and keeps this one', async () => {
    const who = await seedStaff(env.deps, firmId, 'staff');
    const a = await signIn(who.email, ANDROID_CHROME, '203.0.113.8');
    const b = await signIn(who.email, MAC_SAFARI, '203.0.113.9');
    const res = await call(env.app, 'DELETE', '/me/sessions?others=true', { as: b });
    expect(res.statusCode, res.body).toBe(204);
    expect((await call(env.app, 'GET', '/me', { as: a })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/me', { as: who })).statusCode).toBe(401);
    const left = await sessionsOf(b);
    expect(left).toHaveLength(1);
    expect(left[0]!.current).toBe(true);
    const [row] = await auditRows('session.end_others', who.id);
    expect(row!.data.endedSessions).toBe(2);
  });

  it('refuses another person’s session (404) and a query that is not others=true (400)', async () => {
    const who = await seedStaff(env.deps, firmId, 'staff');
    const [adminSession] = await sessionsOf(admin);
    const res = await call(env.app, 'DELETE', `/me/sessions/${adminSession!.id}`, { as: who });
    expect(res.statusCode).toBe(404);
    expect((await call(env.app, 'GET', '/me', { as: admin })).statusCode).toBe(200);
    const all = await call(env.app, 'DELETE', '/me/sessions', { as: who });
    expect(all.statusCode).toBe(400);
    expect((await call(env.app, 'GET', '/me', { as: who })).statusCode).toBe(200);
  });

  it('lets an admin see and end a staff member’s sessions', async () => {
    const who = await seedStaff(env.deps, firmId, 'staff');
    const phone = await signIn(who.email, ANDROID_CHROME, '203.0.113.10');
    const seen = await sessionsOf(admin, `/staff/${who.id}/sessions`);
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => !s.current)).toBe(true);
    expect(seen.map((s) => s.ip)).toContain('203.0.113.10');
    const res = await call(env.app, 'DELETE', `/staff/${who.id}/sessions`, { as: admin });
    expect(res.statusCode, res.body).toBe(204);
    expect((await call(env.app, 'GET', '/me', { as: phone })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/me', { as: who })).statusCode).toBe(401);
    expect(await sessionsOf(admin, `/staff/${who.id}/sessions`)).toEqual([]);
    const [row] = await auditRows('staff.sessions_end', who.id);
    expect(row).toMatchObject({ actor_id: admin.id, data: { endedSessions: 2 } });
    // Staff who are not admins, and admins of another firm, reach nobody's sessions.
    const other = await seedFirm(env.deps);
    expect((await call(env.app, 'GET', `/staff/${who.id}/sessions`, { as: other.admin })).statusCode).toBe(
      404,
    );
    expect((await call(env.app, 'GET', `/staff/${admin.id}/sessions`, { as: who })).statusCode).toBe(401);
  });
});

describe('portal sessions', () => {
  it('lists and ends only one’s own, audited in the firm', async () => {
    const member = await seedPortalUser(env.deps, firmId);
    const stranger = await seedPortalUser(env.deps, firmId);
    const second = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: member.id },
      { ip: '192.0.2.44', userAgent: ANDROID_CHROME },
    );
    const listed = await sessionsOf(member, '/portal/me/sessions');
    expect(listed).toHaveLength(2);
    expect(listed.find((s) => s.current)!.id).toBe(member.sessionId);
    expect(listed.find((s) => !s.current)).toMatchObject({
      id: second.sessionId,
      ip: '192.0.2.44',
      device: { browser: 'Chrome', os: 'Android' },
    });
    // The stranger neither sees nor ends the member's session.
    const theirs = await sessionsOf(stranger, '/portal/me/sessions');
    expect(theirs.map((s) => s.id)).not.toContain(second.sessionId);
    const refused = await call(env.app, 'DELETE', `/portal/me/sessions/${second.sessionId}`, {
      as: stranger,
    });
    expect(refused.statusCode).toBe(404);
    expect((await call(env.app, 'GET', '/portal/me', { as: second })).statusCode).toBe(200);
    // A staff session opens no portal route.
    const staffCall = await call(env.app, 'GET', '/portal/me/sessions', { as: admin });
    expect(staffCall.statusCode).toBe(401);

    const ended = await call(env.app, 'DELETE', `/portal/me/sessions/${second.sessionId}`, { as: member });
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await call(env.app, 'GET', '/portal/me', { as: second })).statusCode).toBe(401);
    const [row] = await auditRows('portal.session_end', second.sessionId);
    expect(row).toMatchObject({ actor_id: member.id, data: { endedSessions: 1 } });

    const third = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: member.id },
      { ip: null, userAgent: null },
    );
    const others = await call(env.app, 'DELETE', '/portal/me/sessions?others=true', { as: member });
    expect(others.statusCode).toBe(204);
    expect((await call(env.app, 'GET', '/portal/me', { as: third })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/portal/me', { as: member })).statusCode).toBe(200);
    expect(await auditRows('portal.session_end_others', member.id)).toHaveLength(1);
  });
});
