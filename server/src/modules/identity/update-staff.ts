import type { updateStaffRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { presentStaffMember } from './identity.presenter';
import { changeStaffAccount, findStaffMember } from './staff-account';

/** An admin renames, changes the role of, or deactivates a staff member. Deactivation ends all their sessions. */
export async function updateStaff(
  deps: Deps,
  actor: StaffActor,
  staffId: string,
  input: z.output<typeof updateStaffRequest>,
  meta: RequestMeta,
) {
  const target = await findStaffMember(deps, actor, staffId);
  if (target.id === actor.id && (input.active === false || input.role === 'staff')) {
    throw new AppError(
      'cannot_change_self',
      'You cannot deactivate yourself or remove your own admin role; ask another admin.',
    );
  }
  const deactivate = input.active === false;
  const row = await changeStaffAccount(
    deps,
    actor,
    target.id,
    {
      set: input,
      endSessions: deactivate && {},
      action: deactivate ? 'staff.deactivate' : 'staff.update',
      data: { changes: input },
    },
    meta,
  );
  // A new role changes which restricted matters they see: realtime forgets what it knew.
  if (input.role !== undefined && input.role !== target.role)
    await deps.realtime.publish({ type: 'access.changed', staffId: target.id });
  return presentStaffMember(row);
}
