import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { presentStaffMember } from './identity.presenter';
import { changeStaffAccount, findStaffMember } from './staff-account';

/**
 * `DELETE /staff/:id/totp` (admin): a staff member lost their authenticator app. Their TOTP is
 * turned off and its seed deleted, and their sessions end (the device may be in other hands): they
 * sign in with their password and enrol again (at once when the firm requires TOTP). Not on
 * oneself: a stolen admin session must not be able to remove its own second factor.
 */
export async function resetStaffTotp(deps: Deps, actor: StaffActor, staffId: string, meta: RequestMeta) {
  const target = await findStaffMember(
    deps,
    actor,
    staffId,
    'You cannot reset your own authenticator app; ask another admin.',
  );
  const row = await changeStaffAccount(
    deps,
    actor,
    target.id,
    {
      set: { totpSecret: null, totpEnabled: false, totpLastStep: null },
      endSessions: {},
      action: 'staff.totp_reset',
      data: { wasEnabled: target.totpEnabled },
    },
    meta,
  );
  return presentStaffMember(row);
}
