import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { hashToken, newToken } from '../identity/sessions.repository';
import { insertToken } from './portal.repository';

export const SIGN_IN_LINK_MINUTES = 15;
export const INVITE_DAYS = 7;

/**
 * A single-use sign-in link (`PUBLIC_URL/portal/sign-in?token=...`) for a portal user; only the
 * token's SHA-256 is stored. Invitations (7 days) and email links (15 minutes) are the same kind of link.
 */
export async function createSignInLink(
  tx: Queryable,
  deps: Deps,
  input: {
    kind: 'portal_sign_in' | 'portal_invite';
    portalUserId: string;
    firmId?: string;
    partyId?: string;
    validMs: number;
  },
): Promise<{ link: string; token: string; tokenId: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + input.validMs);
  const tokenId = await insertToken(tx, {
    kind: input.kind,
    tokenHash: hashToken(token),
    portalUserId: input.portalUserId,
    firmId: input.firmId ?? null,
    partyId: input.partyId ?? null,
    channel: 'email',
    expiresAt,
  });
  const link = `${deps.config.PUBLIC_URL}/portal/sign-in?token=${encodeURIComponent(token)}`;
  return { link, token, tokenId, expiresAt };
}
