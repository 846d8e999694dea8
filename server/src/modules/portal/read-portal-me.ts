import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { PortalActor } from '../access/actor';
import { findPortalUser } from './portal.repository';

/** `GET /portal/me`: the signed-in client's own row (404 if it went while the session lived). */
export async function readPortalMe(deps: Deps, actor: PortalActor) {
  const user = await findPortalUser(deps.db, actor.id);
  if (!user) throw notFound('Portal user');
  return user;
}
