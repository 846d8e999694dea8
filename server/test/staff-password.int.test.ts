/** Staff passwords after the first: changing one's own (current one first), an admin's reset. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database';
import { call, PASSWORD, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;

beforeAll(async () => {
  ({ env, admin, firmId } = await createFirmEnv({ env: { LOGIN_LIMIT_PER_ACCOUNT: '5' } }));
});
afterAll(() => env.close());

const login = (email: string, password: string) =>
  call(env.app, 'POST', '/auth/login', { body: { email, password } });

const auditOf = (action: string, targetId: string) =>
  queryRows<{ actor_id: string; data: { endedSessions: number } }>(
    env.deps.db,
    sql`select actor_id, data from audit_log where action = ${action} and target_id = ${targetId}`,
  );

describe('changing one’s own password', () => {
  it('needs the current one; ends the other sessions, keeps this one; the old password stops working', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const other = (await login(member.email, PASSWORD)).json();
    const change = (body: unknown) => call(env.app, 'POST', '/auth/password', { as: member, body });

    const wrong = await change({ currentPassword: 'not it', newPassword: 'a brand new password' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('wrong_password');
    const short = await change({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details).toEqual([
      { field: 'body.newPassword', message: 'is the current password' },
    ]);

    expect(
      (await change({ currentPassword: PASSWORD, newPassword: 'a brand new password' })).statusCode,
    ).toBe(204);
    expect((await call(env.app, 'GET', '/me', { as: member })).statusCode).toBe(200); // this session stays
    expect((await call(env.app, 'GET', '/me', { as: other })).statusCode).toBe(401); // the others end
    expect((await login(member.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(member.email, 'a brand new password')).statusCode).toBe(200);
    const [audit] = await auditOf('staff.password_change', member.id);
    expect(audit).toMatchObject({ actor_id: member.id, data: { endedSessions: 1 } });
  });

  it('stops guessing: wrong current passwords are rate limited per account', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call(env.app, 'POST', '/auth/password', {
        as: member,
        body: { currentPassword: `guess ${i}`, newPassword: 'a brand new password' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right one waits until the window passes.
    const right = await call(env.app, 'POST', '/auth/password', {
      as: member,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(right.statusCode).toBe(429);
  });
});

describe('an admin resetting a forgotten password', () => {
  it('makes one (shown once) or sets the given one, and ends every session of that person', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const reset = await call(env.app, 'POST', `/staff/${member.id}/password`, { as: admin, body: {} });
    expect(reset.statusCode, reset.body).toBe(200);
    const { initialPassword } = reset.json();
    expect(initialPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await call(env.app, 'GET', '/me', { as: member })).statusCode).toBe(401);
    expect((await login(member.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(member.email, initialPassword)).statusCode).toBe(200);
    expect(await auditOf('staff.password_reset', member.id)).toMatchObject([{ actor_id: admin.id }]);

    const chosen = await call(env.app, 'POST', `/staff/${member.id}/password`, {
      as: admin,
      body: { password: 'chosen by the admin 1' },
    });
    expect(chosen.json()).toEqual({});
    expect((await login(member.email, 'chosen by the admin 1')).statusCode).toBe(200);
  });

  it('is for admins, within their firm, and never on themselves', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const other = await seedFirm(env.deps);
    for (const [as, id, status] of [
      [member, admin.id, 403],
      [admin, admin.id, 422],
      [other.admin, member.id, 404],
      [admin, 'nobody', 404],
    ] as const) {
      const res = await call(env.app, 'POST', `/staff/${id}/password`, { as, body: {} });
      expect(res.statusCode, res.body).toBe(status);
    }
    expect((await login(member.email, PASSWORD)).statusCode).toBe(200);
  });
});
