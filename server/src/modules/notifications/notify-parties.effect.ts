import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { MessageEffect } from '../messaging/message-effects';
import { lockInvitations, partyRecipients } from './notifications.repository';
import { notifyNewMessageJob } from './notify-new-message.job';

/**
 * Invites a party to the portal inside the caller's transaction; null when they have used the portal
 * before (then they get new-message emails instead).
 */
export type InviteParty = (
  tx: Queryable,
  deps: Deps,
  input: { firmId: string; partyId: string; actor: { type: 'staff'; id: string }; meta: RequestMeta },
) => Promise<unknown | null>;

/**
 * DESIGN.md rule 7, as a message effect (inside the post's transaction). Only external
 * conversations reach parties; for each active party participant (not the author) with an email:
 * - never used the portal and never invited: the invitation email, with this first message from
 *   staff (a party's own post invites nobody);
 * - otherwise: a `notify-new-message` job due after `NOTIFY_QUIET_MINUTES`, which emails only if
 *   the message is still unread then.
 * Emails never carry message content, so `requireMfa` needs nothing special here.
 * Inviting is the portal's (`createInvitation`): the composition root hands it in as `invite`.
 */
export const notifyPartiesEffect = (invite: InviteParty): MessageEffect => ({
  name: 'notify-parties',
  appliesTo: (draft) => draft.conversation.kind === 'external',
  async apply(tx, deps, posted, meta) {
    const authorPartyId = posted.author.type === 'party' ? posted.author.id : undefined;
    const runAt = new Date(Date.now() + deps.config.NOTIFY_QUIET_MINUTES * 60_000);
    let recipients = await partyRecipients(tx, posted.conversation.id);
    const toInvite = recipients.filter(
      (r) => r.partyId !== authorPartyId && r.email && !r.signedIn && !r.invited,
    );
    if (posted.author.type === 'staff' && toInvite.length > 0) {
      // First messages to one party may be posted at once in several conversations: each takes
      // the party's invitation lock (until commit), then looks again, so only the first invites.
      await lockInvitations(
        tx,
        toInvite.map((r) => r.partyId),
      );
      recipients = await partyRecipients(tx, posted.conversation.id);
    }
    for (const recipient of recipients) {
      if (recipient.partyId === authorPartyId || !recipient.email) continue;
      if (!recipient.signedIn && !recipient.invited) {
        if (posted.author.type !== 'staff') continue;
        const invited = await invite(tx, deps, {
          firmId: posted.conversation.firmId,
          partyId: recipient.partyId,
          actor: { type: 'staff', id: posted.author.id },
          meta,
        });
        if (invited) continue;
      }
      await deps.jobs.enqueue(
        tx,
        notifyNewMessageJob,
        { participantId: recipient.participantId, seq: posted.seq },
        { firmId: posted.conversation.firmId, runAt },
      );
    }
  },
});
