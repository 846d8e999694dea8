import { z } from 'zod';
import type { Deps } from '../../deps';
import { AdminCommandFailed, defineAdminCommand } from '../../platform/admin-socket';
import { resetRateLimit } from '../../platform/http/rate-limit';
import { systemMeta } from '../../platform/http/request-meta';
import { appendAudit } from '../audit/audit.repository';
import { findFirm, findStaffByEmail, insertStaff, listFirms } from './identity.repository';
import { generatePassword, hashPassword } from './passwords';
import { changeStaffAccount } from './staff-account';

/**
 * Recovery on the server itself (`npm run admin -- reset-password | create-admin`): whoever can run
 * commands as Parley's account may get an administrator back in. Each prints a one-time password
 * that works for one thing only, choosing a new one (`passwordMustChange`: every other route answers
 * 403 `password_change_required`), and is audited as done by the system (`via: "admin-cli"`).
 */

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'is not an email address' }));

export interface OneTimePassword {
  email: string;
  name: string;
  firmName: string;
  password: string;
}

/** `reset-password <email>`: a staff member's password becomes a one-time one; their sessions end. */
export const resetPasswordCommand = defineAdminCommand({
  name: 'reset-password',
  args: z.object({ email }),
  run: async (deps, args): Promise<OneTimePassword> => {
    const target = await findStaffByEmail(deps.db, args.email);
    if (!target) throw new AdminCommandFailed('not_found', `No staff member has the email ${args.email}.`);
    const password = generatePassword();
    await changeStaffAccount(
      deps,
      { type: 'system', firmId: target.firmId },
      target.id,
      {
        // a reset also lifts a deactivation: it is how a locked-out admin gets back in
        set: { passwordHash: await hashPassword(password), passwordMustChange: true, active: true },
        endSessions: {},
        action: 'staff.password_reset',
        data: { via: 'admin-cli', ...(target.active ? {} : { reactivated: true }) },
      },
      systemMeta,
    );
    // failed sign-ins counted against the account do not lock the new password out
    await resetRateLimit(deps.db, `login:account:${target.email}`);
    return {
      email: target.email,
      name: target.name,
      firmName: await firmName(deps, target.firmId),
      password,
    };
  },
});

/** `create-admin <email> [name] [--firm <id>]`: a new administrator with a one-time password. */
export const createAdminCommand = defineAdminCommand({
  name: 'create-admin',
  args: z.object({
    email,
    name: z.string().trim().min(1).max(200).default('Administrator'),
    firmId: z.string().min(1).optional(),
  }),
  run: async (deps, args): Promise<OneTimePassword> => {
    const all = await listFirms(deps.db);
    const firm = args.firmId ? all.find((f) => f.id === args.firmId) : all.length === 1 ? all[0] : undefined;
    if (!firm) {
      if (all.length === 0)
        throw new AdminCommandFailed('not_found', 'There is no firm yet: start Parley once (npm start).');
      throw new AdminCommandFailed(
        'invalid_arguments',
        `${args.firmId ? `No firm has the id ${args.firmId}` : 'This server holds several firms'}; name one with --firm: ${all.map((f) => `${f.id} (${f.name})`).join(', ')}`,
      );
    }
    if (await findStaffByEmail(deps.db, args.email))
      throw new AdminCommandFailed(
        'email_taken',
        `A staff member with the email ${args.email} exists already: use reset-password ${args.email}.`,
      );
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await deps.db.transaction(async (tx) => {
      const created = await insertStaff(tx, {
        firmId: firm.id,
        name: args.name,
        email: args.email,
        role: 'admin',
        passwordHash,
        passwordMustChange: true,
      });
      await appendAudit(tx, {
        firmId: firm.id,
        actor: { type: 'system' },
        action: 'staff.create',
        targetType: 'staff',
        targetId: created!.id,
        meta: systemMeta,
        data: { name: args.name, email: args.email, role: 'admin', via: 'admin-cli' },
      });
    });
    return { email: args.email, name: args.name, firmName: firm.name, password };
  },
});

async function firmName(deps: Deps, firmId: string): Promise<string> {
  return (await findFirm(deps.db, firmId))?.name ?? firmId;
}
