import { z } from 'zod';
import type { Deps } from '../../deps';
import { defineJob } from '../../platform/jobs/queue';
import type { SmsStatus } from '../../platform/sms/sms-sender';
import { advanceDelivery, type DeliveryChange, findDelivery } from './sms.repository';

const MAX_ATTEMPTS = 8;

const payload = z.object({
  deliveryId: z.string(),
  firmId: z.string(),
  to: z.string(),
  body: z.string(),
  /** The quick-reply token in `body`: the outbox shows it as "…". */
  secrets: z.array(z.string()).default([]),
});

/**
 * One recipient's SMS of a message (`deliveries` row). Network errors and 5xx are retried with the
 * worker's backoff (a retry first asks the provider whether the previous attempt got through); a
 * 4xx (or the last attempt) ends the delivery as `failed` with the provider's error. The payload
 * carries the quick-reply link, so it is blanked once done.
 */
export const sendMessageSmsJob = defineJob({
  name: 'sms.send-message',
  payload,
  maxAttempts: MAX_ATTEMPTS,
  redactWhenDone: true,
  handler: async (deps, job, attempt) => {
    const delivery = await findDelivery(deps.db, job.deliveryId);
    // Already handed to the provider (a rerun after a crash between send and done): never twice.
    if (!delivery || delivery.providerId) return;
    let sent: { providerId: string; status: SmsStatus };
    try {
      // A retry: the previous attempt may have reached the provider and lost its answer (a timeout,
      // a crash). If the provider has this very text for this number, adopt it, never send twice.
      const earlier = attempt > 1 ? await deps.sms.findSent?.({ to: job.to, body: job.body }) : undefined;
      sent =
        earlier ??
        (await deps.sms.send({
          to: job.to,
          body: job.body,
          idempotencyKey: job.deliveryId,
          firmIds: [job.firmId],
          secrets: job.secrets,
          ...(deps.sms.kind === 'twilio'
            ? { statusCallback: smsStatusCallbackUrl(deps, job.deliveryId) }
            : {}),
        }));
    } catch (error) {
      const permanent = (error as { permanent?: boolean }).permanent === true;
      if (permanent || attempt >= MAX_ATTEMPTS) {
        const message = error instanceof Error ? error.message : String(error);
        await publishDelivery(
          deps,
          await advanceDelivery(deps.db, { id: job.deliveryId }, { status: 'failed', error: message }),
        );
      }
      throw error;
    }
    await publishDelivery(deps, await advanceDelivery(deps.db, { id: job.deliveryId }, sent));
  },
});

/**
 * Where the provider reports this delivery's status. It names the delivery, so a callback that
 * arrives before the send's own answer (and its provider id) was stored still finds its row; the
 * provider signs the whole URL, query included, so the name cannot be forged.
 */
export const smsStatusCallbackUrl = (deps: Deps, deliveryId: string) =>
  `${deps.config.PUBLIC_URL}/api/v1/webhooks/sms/status?delivery=${encodeURIComponent(deliveryId)}`;

/** `delivery.updated` to the staff who may see the conversation (relayed by messaging.realtime.ts). */
export async function publishDelivery(deps: Deps, change: DeliveryChange | undefined): Promise<void> {
  if (!change) return;
  await deps.realtime.publish({
    type: 'delivery.updated',
    conversationId: change.conversationId,
    messageId: change.messageId,
    partyId: change.partyId,
    channel: 'sms',
    status: change.status,
  });
}
