import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import { type RequestMeta, systemMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { emailBrand } from '../notifications/email-brand';
import { invitationEmail } from '../notifications/email-templates';
import { enqueueEmail } from '../notifications/send-email.job';
import { ensurePortalUser, linkContactToPortalUser, partyToInvite } from './portal.repository';
import { createSignInLink, INVITE_DAYS } from './portal-links';

export interface InvitationResult {
  portalUserId: string;
  tokenId: string;
  expiresAt: Date;
}

/**
 * Invite a party to the portal, INSIDE the caller's transaction: links (or creates) the portal user
 * of the contact's email, makes a 7-day single-use sign-in token, enqueues the invitation email
 * (naming the firm and the matter, no message content) and audits `portal.invite`.
 *
 * Returns null, and does nothing, when the party's portal user has signed in before: they get
 * new-message emails instead (DESIGN.md rule 7). A removed or unknown party → 404; a contact with
 * no email → 422 `recipient_has_no_email`.
 */
export async function createInvitation(
  tx: Queryable,
  deps: Deps,
  input: {
    firmId: string;
    partyId: string;
    actor?: Pick<StaffActor, 'type' | 'id'>;
    meta?: RequestMeta;
  },
): Promise<InvitationResult | null> {
  const row = await partyToInvite(tx, input.firmId, input.partyId);
  if (!row) throw notFound('Party');
  const { contact } = row;
  if (!contact.email) {
    throw new AppError('recipient_has_no_email', `${contact.name} has no email address to invite.`, [
      { partyId: row.party.id, name: contact.name },
    ]);
  }
  const user = await ensurePortalUser(tx, contact.email, contact.name);
  if (contact.portalUserId !== user.id) {
    // The contact's email changed since it was linked: the identity follows the email.
    await linkContactToPortalUser(tx, contact.id, user.id);
  }
  if (user.lastSignInAt) return null;

  const link = await createSignInLink(tx, deps, {
    kind: 'portal_invite',
    portalUserId: user.id,
    firmId: input.firmId,
    partyId: row.party.id,
    validMs: INVITE_DAYS * 86_400_000,
  });
  const brand = await emailBrand(tx, deps, [input.firmId]);
  await enqueueEmail(tx, deps, {
    ...invitationEmail({
      brand,
      locale: user.locale ?? brand.defaultLocale,
      recipientName: contact.name,
      matterTitle: row.matterTitle,
      link: link.link,
      linkToken: link.token,
      validDays: INVITE_DAYS,
    }),
    to: contact.email,
    firmIds: [input.firmId],
  });
  await appendAudit(tx, {
    firmId: input.firmId,
    actor: input.actor ?? { type: 'system' },
    action: 'portal.invite',
    targetType: 'party',
    targetId: row.party.id,
    matterId: row.party.matterId,
    meta: input.meta ?? systemMeta,
    data: { portalUserId: user.id, email: contact.email, expiresAt: link.expiresAt.toISOString() },
  });
  return { portalUserId: user.id, tokenId: link.tokenId, expiresAt: link.expiresAt };
}
