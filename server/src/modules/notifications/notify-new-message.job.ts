import { z } from 'zod';
import { defineJob } from '../../platform/jobs/queue';
import { emailBrand } from './email-brand';
import { newMessageEmail } from './email-templates';
import { lockNoticeTarget, markNotified } from './notifications.repository';
import { enqueueEmail } from './send-email.job';

/**
 * DESIGN.md rule 7: runs `NOTIFY_QUIET_MINUTES` after a message reached a party participant. Emails
 * them only if that message is still unread and no earlier new-message email already covered it
 * (`participants.notified_seq`): at most one email per conversation per quiet period. The marker
 * and the email job are written in one transaction, so a retry never sends twice.
 */
export const notifyNewMessageJob = defineJob({
  name: 'notify-new-message',
  payload: z.object({ participantId: z.string(), seq: z.number().int() }),
  handler: async (deps, { participantId, seq }) => {
    await deps.db.transaction(async (tx) => {
      const target = await lockNoticeTarget(tx, participantId);
      if (!target?.email) return; // left the conversation, or no address: nothing to do
      if (target.lastReadSeq >= seq || target.notifiedSeq >= seq) return;
      await markNotified(tx, participantId, target.lastSeq);
      const brand = await emailBrand(tx, deps, [target.firmId]);
      await enqueueEmail(tx, deps, {
        ...newMessageEmail({
          brand,
          locale: target.locale ?? brand.defaultLocale,
          recipientName: target.name,
          matterTitle: target.matterTitle,
          link: `${deps.config.PUBLIC_URL}/portal/conversations/${target.conversationId}`,
        }),
        to: target.email,
        firmIds: [target.firmId],
      });
    });
  },
});
