import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { hashToken, newToken } from '../identity/sessions.repository';
import type { MessageDraft, MessageEffect, PostedMessage } from '../messaging/message-effects';
import { textsFor } from '../notifications/email-texts';
import { sendMessageSmsJob } from './send-message-sms.job';
import {
  firmAndMatter,
  insertSmsDelivery,
  recipientsByPartyIds,
  recipientsOfConversation,
  type SmsRecipient,
} from './sms.repository';

export const QUICK_REPLY_DAYS = 7;
const E164 = /^\+[1-9]\d{6,14}$/;
const PREVIEW_CHARS = 100;

const wantsSms = (draft: MessageDraft) =>
  draft.input.sendAsSms === true && draft.author.type === 'staff' && draft.conversation.kind === 'external';

/**
 * The recipients of a message sent as SMS: every active party participant (or the parties of the
 * conversation being created with it). Each needs a valid E.164 mobile and must not have texted
 * STOP, else the post is refused naming them (DESIGN.md rule 5) and nothing is written.
 */
async function smsRecipients(q: Queryable, draft: MessageDraft): Promise<SmsRecipient[]> {
  const recipients = draft.newConversationPartyIds
    ? await recipientsByPartyIds(q, draft.conversation.firmId, draft.newConversationPartyIds)
    : await recipientsOfConversation(q, draft.conversation.id);
  const named = (list: SmsRecipient[]) => list.map((r) => ({ partyId: r.partyId, name: r.name }));
  const noMobile = recipients.filter((r) => !r.mobile || !E164.test(r.mobile));
  if (noMobile.length > 0) {
    throw new AppError(
      'recipient_has_no_mobile',
      `Cannot send as SMS: no mobile number for ${noMobile.map((r) => r.name).join(', ')}. Add one to the contact, or send without SMS.`,
      named(noMobile),
    );
  }
  const optedOut = recipients.filter((r) => r.optedOutAt !== null);
  if (optedOut.length > 0) {
    throw new AppError(
      'recipient_opted_out',
      `Cannot send as SMS: ${optedOut.map((r) => r.name).join(', ')} texted STOP and receive no SMS until they text START. Send without SMS.`,
      named(optedOut),
    );
  }
  return recipients;
}

/**
 * The SMS text in the recipient's language: the firm's name, a short preview (none for a
 * `requireMfa` message), the link.
 */
export function smsText(
  firmName: string | undefined,
  message: { body?: string; requireMfa?: boolean },
  link: string,
  locale: string | null,
) {
  const texts = textsFor(locale).messageSms;
  const firm = firmName ?? texts.yourLawFirm;
  const body = (message.body ?? '').replace(/\s+/g, ' ').trim();
  if (message.requireMfa || body === '') return texts.bare(firm, link);
  const preview = body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : body;
  return texts.withPreview(firm, preview, link);
}

/**
 * "Send as SMS" (API.md): inside the post's transaction, one `deliveries` row (`queued`), one
 * quick-reply token (7 days, only its SHA-256 stored) and one job per recipient.
 */
export const smsDeliveryEffect: MessageEffect = {
  name: 'sms-delivery',
  appliesTo: wantsSms,
  async check(deps: Deps, draft: MessageDraft) {
    await smsRecipients(deps.db, draft);
  },
  async apply(tx: Queryable, deps: Deps, message: PostedMessage) {
    const recipients = await smsRecipients(tx, message);
    if (recipients.length === 0) return;
    const { firmId } = message.conversation;
    const names = await firmAndMatter(tx, firmId, message.conversation.matterId);
    const expiresAt = new Date(Date.now() + QUICK_REPLY_DAYS * 24 * 60 * 60 * 1000);
    for (const recipient of recipients) {
      const token = newToken();
      const deliveryId = randomUUID();
      await insertSmsDelivery(tx, {
        deliveryId,
        firmId,
        partyId: recipient.partyId,
        conversationId: message.conversation.id,
        messageId: message.id,
        tokenHash: hashToken(token),
        linkExpiresAt: expiresAt,
      });
      const link = `${deps.config.PUBLIC_URL}/r/${token}`;
      await deps.jobs.enqueue(
        tx,
        sendMessageSmsJob,
        {
          deliveryId,
          firmId,
          to: recipient.mobile!,
          body: smsText(
            names?.firmName,
            message.input,
            link,
            recipient.locale ?? names?.defaultLocale ?? null,
          ),
          secrets: [token],
        },
        { firmId },
      );
    }
  },
};
