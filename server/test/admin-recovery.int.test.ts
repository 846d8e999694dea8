/**
 * `npm run admin -- reset-password | create-admin` as the commands themselves (the socket and the
 * CLI are in admin-cli.int.test.ts): a one-time password that only opens the password change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../src/admin-commands';
import { runCommand } from '../src/platform/admin-socket';
import { queryRows } from '../src/platform/db/database';
import { call, PASSWORD, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;

beforeAll(async () => {
  ({ env, admin, firmId } = await createFirmEnv({
    env: { LOGIN_LIMIT_PER_ACCOUNT: '3' },
    firmName: 'Recovery LLP',
  }));
});
afterAll(() => env.close());

const run = async (name: string, args: unknown) => {
  const answer = await runCommand(env.deps, adminCommands, name, args);
  return answer as {
    ok: boolean;
    result?: { password: string; email: string; firmName: string };
    error?: { code: string; message: string };
  };
};
const login = (email: string, password: string) =>
  call(env.app, 'POST', '/auth/login', { body: { email, password } });
const auditOf = (action: string, targetId: string) =>
  queryRows<{ actor_type: string; data: Record<string, unknown> }>(
    env.deps.db,
    sql`select actor_type, data from audit_log where action = ${action} and target_id = ${targetId}`,
  );

describe('reset-password', () => {
  it('gives a one-time password that opens only the password change; the old one and the sessions end; audited', async () => {
    // someone guessed at the account until it locked (the reset clears the account's failures)
    for (let i = 0; i < 3; i++) await login(admin.email, 'wrong password 123');

    const reset = await run('reset-password', { email: `  ${admin.email.toUpperCase()} ` });
    expect(reset.ok).toBe(true);
    expect(reset.result).toMatchObject({ email: admin.email, name: 'Ada Admin', firmName: 'Recovery LLP' });
    const oneTime = reset.result!.password;
    expect(oneTime.length).toBeGreaterThanOrEqual(12);

    expect((await call(env.app, 'GET', '/me', { as: admin })).statusCode).toBe(401); // sessions ended
    expect((await login(admin.email, PASSWORD)).json().error.code).toBe('invalid_credentials');
    const signIn = await login(admin.email, oneTime);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().passwordChangeRequired).toBe(true);
    const session = { token: signIn.json().token as string };

    const me = await call(env.app, 'GET', '/me', { as: session });
    expect(me.json().passwordChangeRequired).toBe(true);
    const blocked = await call(env.app, 'GET', '/matters', { as: session });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');

    const changed = await call(env.app, 'POST', '/auth/password', {
      as: session,
      body: { currentPassword: oneTime, newPassword: 'my own new password 42' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await call(env.app, 'GET', '/matters', { as: session })).statusCode).toBe(200);
    expect(
      (await call(env.app, 'GET', '/me', { as: session })).json().passwordChangeRequired,
    ).toBeUndefined();
    expect((await login(admin.email, oneTime)).statusCode).toBe(401);

    const rows = await auditOf('staff.password_reset', admin.id);
    expect(rows).toEqual([{ actor_type: 'system', data: { via: 'admin-cli', endedSessions: 1 } }]);
  });

  it('brings back a deactivated account, and names an unknown email or a bad one', async () => {
    const gone = await seedStaff(env.deps, firmId, 'admin', 'Gone Admin');
    await env.deps.db.execute(sql`update staff set active = false where id = ${gone.id}`);
    const reset = await run('reset-password', { email: gone.email });
    expect((await login(gone.email, reset.result!.password)).statusCode).toBe(200);
    expect((await auditOf('staff.password_reset', gone.id))[0]!.data).toMatchObject({ reactivated: true });

    expect(await run('reset-password', { email: 'nobody@example.test' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No staff member has the email nobody@example.test.' },
    });
    expect(await run('reset-password', { email: 'not an email' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: 'email: is not an email address' },
    });
  });
});

describe('create-admin', () => {
  it('adds an administrator of the one firm with a one-time password; audited', async () => {
    // a second firm makes the choice ambiguous: --firm is then needed
    const other = await seedFirm(env.deps, 'Other & Co');
    const ambiguous = await run('create-admin', { email: 'new.admin@example.test' });
    expect(ambiguous).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(ambiguous.error!.message).toContain(`${firmId} (Recovery LLP)`);

    const created = await run('create-admin', { email: 'New.Admin@example.test', name: 'Nia New', firmId });
    expect(created.result).toMatchObject({
      email: 'new.admin@example.test',
      name: 'Nia New',
      firmName: 'Recovery LLP',
    });
    const signIn = await login('new.admin@example.test', created.result!.password);
    expect(signIn.json()).toMatchObject({
      user: { role: 'admin', name: 'Nia New' },
      passwordChangeRequired: true,
    });
    const [row] = await queryRows<{ id: string; firm_id: string }>(
      env.deps.db,
      sql`select id, firm_id from staff where email = 'new.admin@example.test'`,
    );
    expect(row!.firm_id).toBe(firmId);
    expect(await auditOf('staff.create', row!.id)).toEqual([
      {
        actor_type: 'system',
        data: { name: 'Nia New', email: 'new.admin@example.test', role: 'admin', via: 'admin-cli' },
      },
    ]);

    expect(
      await run('create-admin', { email: 'new.admin@example.test', firmId: other.firm.id }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'email_taken',
        message: expect.stringContaining('use reset-password new.admin@example.test'),
      },
    });
  });
});
