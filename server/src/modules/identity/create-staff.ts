import type { createStaffRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { presentStaffMember } from './identity.presenter';
import { findStaffByEmail, insertStaff } from './identity.repository';
import { generatePassword, hashPassword } from './passwords';

/** An admin adds a staff member. Without a password, one is generated and returned once. */
export async function createStaff(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof createStaffRequest>,
  meta: RequestMeta,
) {
  if (await findStaffByEmail(deps.db, input.email)) {
    throw new AppError('email_taken', 'A staff member with this email already exists.', [
      { field: 'body.email', message: 'is taken' },
    ]);
  }
  const initialPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  const row = await deps.db.transaction(async (tx) => {
    const created = await insertStaff(
      tx,
      { firmId: actor.firmId, name: input.name, email: input.email, role: input.role, passwordHash },
      { ifEmailFree: true },
    );
    if (!created) throw new AppError('email_taken', 'A staff member with this email already exists.');
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'staff.create',
      targetType: 'staff',
      targetId: created.id,
      meta,
      data: { name: created.name, email: created.email, role: created.role },
    });
    return created;
  });
  return { ...presentStaffMember(row), ...(initialPassword ? { initialPassword } : {}) };
}
