import type { UpdatePortalMeInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import {
  findPortalUser,
  firmIdsOfPortalUser,
  type PortalUserRow,
  updatePortalUser,
} from './portal.repository';
import { auditInFirms } from './portal-audit';

/**
 * `PATCH /portal/me`: the portal user's language (DESIGN.md rule 17: their emails and SMS follow it
 * from now on) and their name. Audited as `portal.profile_update` in every firm that knows them.
 */
export async function updatePortalMe(
  deps: Deps,
  actor: PortalActor,
  input: UpdatePortalMeInput,
  meta: RequestMeta,
): Promise<PortalUserRow> {
  const change = {
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.name ? { name: input.name } : {}),
  };
  if (Object.keys(change).length === 0) return (await findPortalUser(deps.db, actor.id))!;
  return deps.db.transaction(async (tx) => {
    const row = await updatePortalUser(tx, actor.id, change);
    await auditInFirms(tx, await firmIdsOfPortalUser(tx, actor.id), {
      actor,
      action: 'portal.profile_update',
      targetType: 'portal_user',
      targetId: actor.id,
      meta,
      data: change,
    });
    return row;
  });
}
