import type { OutboxStore } from '../outbox/outbox-store';

export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
  /** Stable per job: the outbox file name, a provider idempotency hint. */
  idempotencyKey: string;
  firmIds: string[];
  /** Tokens and codes in `body`, which the outbox listing redacts; not sent. */
  secrets?: string[];
  /** Where the provider reports delivery status (tracked message SMS only). */
  statusCallback?: string;
}

/** A message's SMS status per recipient, in the order it may move (DESIGN.md rule 5). */
export type SmsStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** Where SMS go: the provider (Twilio, when `TWILIO_*` is set) or files in `DATA_DIR/outbox`. */
export interface SmsSender {
  readonly kind: 'twilio' | 'outbox';
  /**
   * Returns the provider's id of the message and its status as the provider reported it. Throws
   * `SmsRejectedError` when the provider refuses it for good (a 4xx); any other error is worth a retry.
   */
  send(message: SmsMessage): Promise<{ providerId: string; status: SmsStatus }>;
  /**
   * The message the provider already took with exactly this recipient and text, if any: a retry
   * whose previous attempt's answer never arrived (a lost response, a crash) adopts it instead of
   * sending a second SMS. Only for providers that can be asked (Twilio); every Parley SMS text
   * carries its own quick-reply link, so the text names one delivery.
   */
  findSent?(
    message: Pick<SmsMessage, 'to' | 'body'>,
  ): Promise<{ providerId: string; status: SmsStatus } | undefined>;
}

export class OutboxSmsSender implements SmsSender {
  readonly kind = 'outbox';
  constructor(private readonly store: OutboxStore) {}

  async send(message: SmsMessage): Promise<{ providerId: string; status: SmsStatus }> {
    const id = `sms-${message.idempotencyKey}`;
    await this.store.write({
      id,
      channel: 'sms',
      to: message.to,
      text: message.body,
      createdAt: new Date().toISOString(),
      firmIds: message.firmIds,
      secrets: message.secrets ?? [],
    });
    // Written is as far as the outbox goes: no callback will ever follow.
    return { providerId: id, status: 'sent' };
  }
}
