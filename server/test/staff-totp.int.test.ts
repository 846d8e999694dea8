/** Staff TOTP: enrolment, sign-in with `totp` (401 `totp_required` without it), replay refused, firm-wide requirement. */

import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpAt } from '../src/modules/identity/totp';
import { sealStoredTotpSecrets } from '../src/modules/identity/totp-enrolment';
import { SecretBox, SecretKeyMismatch } from '../src/platform/crypto/secret-box';
import { queryRows } from '../src/platform/db/database';
import { call, PASSWORD, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;

beforeAll(async () => {
  ({ env, admin, firmId } = await createFirmEnv());
});
afterAll(() => env.close());

const login = (email: string, totp?: string) =>
  call(env.app, 'POST', '/auth/login', { body: { email, password: PASSWORD, ...(totp ? { totp } : {}) } });

async function enrol(as: SeededStaff): Promise<Buffer> {
  const setup = await call(env.app, 'POST', '/auth/totp/setup', { as });
  expect(setup.statusCode, setup.body).toBe(200);
  const key = base32Decode(setup.json().secret);
  const wrong = await call(env.app, 'POST', '/auth/totp/confirm', { as, body: { code: '000000' } });
  expect([200, 422]).toContain(wrong.statusCode); // 000000 is right once in a million
  if (wrong.statusCode === 422) {
    const res = await call(env.app, 'POST', '/auth/totp/confirm', {
      as,
      body: { code: totpAt(key, Date.now() - 30_000) },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  return key;
}

describe('staff TOTP', () => {
  it('once enrolled, sign-in needs the code: missing → 401 totp_required, wrong or replayed → 401', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    expect((await call(env.app, 'GET', '/me', { as: member })).json().totpEnabled).toBe(false);
    const key = await enrol(member);
    expect((await call(env.app, 'GET', '/me', { as: member })).json().totpEnabled).toBe(true);
    expect((await call(env.app, 'POST', '/auth/totp/setup', { as: member })).statusCode).toBe(409);

    const missing = await login(member.email);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('totp_required');
    const code = totpAt(key, Date.now());
    const ok = await login(member.email, code);
    expect(ok.statusCode, ok.body).toBe(200);
    const replay = await login(member.email, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_credentials');
    const wrongPassword = await call(env.app, 'POST', '/auth/login', {
      body: { email: member.email, password: 'not the password', totp: totpAt(key, Date.now() + 30_000) },
    });
    expect(wrongPassword.json().error.code).toBe('invalid_credentials');
  });

  it('an admin can require TOTP: un-enrolled staff may then only enrol', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const refused = await call(env.app, 'PATCH', '/firm', { as: member, body: { requireStaffTotp: true } });
    expect(refused.statusCode).toBe(403);
    const set = await call(env.app, 'PATCH', '/firm', { as: admin, body: { requireStaffTotp: true } });
    expect(set.json()).toMatchObject({ id: firmId, requireStaffTotp: true });

    const signedIn = await login(member.email);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().totpSetupRequired).toBe(true);
    const session = signedIn.json();
    const blocked = await call(env.app, 'GET', '/matters', { as: session });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('totp_setup_required');
    expect((await call(env.app, 'GET', '/me', { as: session })).statusCode).toBe(200);

    const key = await enrol(session);
    expect((await call(env.app, 'GET', '/matters', { as: session })).statusCode).toBe(200);
    const next = await login(member.email, totpAt(key, Date.now()));
    expect(next.json().totpSetupRequired).toBeUndefined();

    // The admin, not enrolled, is now held to enrolment too (PATCH /firm would answer 403): reset directly.
    await env.deps.db.execute(sql`update firms set require_staff_totp = false where id = ${firmId}`);
  });

  it('stores the seed sealed: the database never holds it; plain seeds from before are sealed at start', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    const key = await enrol(member);
    const [row] = await queryRows<{ totp_secret: string }>(
      env.deps.db,
      sql`select totp_secret from staff where id = ${member.id}`,
    );
    expect(row!.totp_secret).toMatch(/^v1\./);
    expect(row!.totp_secret).not.toContain(base32Encode(key));

    // A seed stored in plain text (before sealing existed) still works, and is sealed at start.
    const legacy = await seedStaff(env.deps, firmId, 'staff');
    const legacyKey = base32Decode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    await env.deps.db.execute(
      sql`update staff set totp_secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totp_enabled = true where id = ${legacy.id}`,
    );
    expect((await login(legacy.email, totpAt(legacyKey, Date.now() - 30_000))).statusCode).toBe(200);
    expect(await sealStoredTotpSecrets(env.deps.db, env.deps.secrets)).toEqual({ sealed: 1 });
    expect(await sealStoredTotpSecrets(env.deps.db, env.deps.secrets)).toEqual({ sealed: 0 });
    const [sealedRow] = await queryRows<{ totp_secret: string }>(
      env.deps.db,
      sql`select totp_secret from staff where id = ${legacy.id}`,
    );
    expect(sealedRow!.totp_secret).toMatch(/^v1\./);
    expect((await login(legacy.email, totpAt(legacyKey, Date.now()))).statusCode).toBe(200);

    // A node with another key refuses, naming the problem.
    await expect(sealStoredTotpSecrets(env.deps.db, new SecretBox(randomBytes(32)))).rejects.toThrow(
      SecretKeyMismatch,
    );
  });

  it('an admin resets a lost authenticator: TOTP off, seed gone, sessions ended, audited; never their own', async () => {
    const member = await seedStaff(env.deps, firmId, 'staff');
    await enrol(member);
    const other = await seedFirm(env.deps);
    for (const [as, id, status] of [
      [member, member.id, 403], // not an admin
      [admin, admin.id, 422], // one's own
      [other.admin, member.id, 404], // another firm's
      [admin, 'no-such-staff', 404],
    ] as const) {
      const res = await call(env.app, 'DELETE', `/staff/${id}/totp`, { as });
      expect(res.statusCode, res.body).toBe(status);
    }
    expect((await login(member.email)).json().error.code).toBe('totp_required');

    const res = await call(env.app, 'DELETE', `/staff/${member.id}/totp`, { as: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: member.id, totpEnabled: false });
    expect((await call(env.app, 'GET', '/me', { as: member })).statusCode).toBe(401);
    const [row] = await queryRows<{ totp_secret: string | null; totp_enabled: boolean }>(
      env.deps.db,
      sql`select totp_secret, totp_enabled from staff where id = ${member.id}`,
    );
    expect(row).toEqual({ totp_secret: null, totp_enabled: false });
    const [audit] = await queryRows<{ actor_id: string; data: { wasEnabled: boolean } }>(
      env.deps.db,
      sql`select actor_id, data from audit_log where action = 'staff.totp_reset' and target_id = ${member.id}`,
    );
    expect(audit).toMatchObject({ actor_id: admin.id, data: { wasEnabled: true } });
    // Password alone signs in again; they can enrol anew.
    const again = await login(member.email);
    expect(again.statusCode, again.body).toBe(200);
    await enrol(again.json());
  });
});
