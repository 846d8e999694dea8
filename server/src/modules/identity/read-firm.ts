import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import { findFirm, findFirstFirm } from './identity.repository';

/**
 * A firm to show: the caller's own (`GET /firm`, `GET /me`), or for the signed-out pages
 * (`GET /branding`) the one named, else the instance's first. 404 when there is none.
 */
export async function readFirm(deps: Deps, which: { firmId?: string }) {
  const firm = which.firmId ? await findFirm(deps.db, which.firmId) : await findFirstFirm(deps.db);
  if (!firm) throw notFound('Firm');
  return firm;
}
