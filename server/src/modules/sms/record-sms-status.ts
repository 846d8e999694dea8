import type { smsStatusForm } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { twilioStatus } from '../../platform/sms/twilio-sms-sender';
import { publishDelivery } from './send-message-sms.job';
import { advanceDelivery } from './sms.repository';

/**
 * A provider status callback (`POST /webhooks/sms/status`, signature already checked). The status
 * only moves forward, so late, repeated and shuffled callbacks all end in the same state. An
 * unknown message id or status is acknowledged and ignored. `deliveryId` (from the callback URL we
 * gave, see `smsStatusCallbackUrl`) finds the row even before the send's answer stored the provider
 * id, which the callback then stores; without it (older URLs) the provider id is the key.
 */
export async function recordSmsStatus(
  deps: Deps,
  form: z.output<typeof smsStatusForm>,
  deliveryId?: string,
): Promise<void> {
  const status = twilioStatus(form.MessageStatus);
  if (!status) return;
  const error =
    (status === 'failed' || status === 'undelivered') && form.ErrorCode
      ? `Twilio error ${form.ErrorCode}`
      : null;
  const change = await advanceDelivery(
    deps.db,
    deliveryId ? { id: deliveryId, providerId: form.MessageSid } : { providerId: form.MessageSid },
    { status, error, providerId: form.MessageSid },
  );
  await publishDelivery(deps, change);
}
