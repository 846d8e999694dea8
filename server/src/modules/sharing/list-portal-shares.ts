import type { Deps } from '../../deps';
import type { PortalActor } from '../access/actor';
import { hasRecentStepUp } from '../portal/step-up';
import { portalShareRows } from './portal-shares.repository';
import { presentPortalShare } from './sharing.presenter';

/**
 * `GET /portal/shares`: the active shares that reach this user, across firms. A share whose message
 * requires MFA is left out until the user passes step-up (DESIGN.md rule 6: shares are withheld too).
 */
export async function listPortalShares(deps: Deps, actor: PortalActor) {
  const unlocked = hasRecentStepUp(actor);
  const rows = await portalShareRows(deps.db, actor.id);
  return {
    items: rows.filter((r) => unlocked || !r.require_mfa).map(presentPortalShare),
    nextCursor: null,
  };
}
