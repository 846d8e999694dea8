import type { OutboxStore } from '../outbox/outbox-store';

export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
  /** Stable per job: the outbox file name, a provider idempotency hint. */
  idempotencyKey: string;
  firmIds: string[];
}

/** Where SMS go: the provider (Twilio, when `TWILIO_*` is set) or files in `DATA_DIR/outbox`. */
export interface SmsSender {
  readonly kind: 'twilio' | 'outbox';
  /** Returns the provider's id of the message. */
  send(message: SmsMessage): Promise<{ providerId: string }>;
}

export class OutboxSmsSender implements SmsSender {
  readonly kind = 'outbox';
  constructor(private readonly store: OutboxStore) {}

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    const id = `sms-${message.idempotencyKey}`;
    await this.store.write({
      id,
      channel: 'sms',
      to: message.to,
      text: message.body,
      createdAt: new Date().toISOString(),
      firmIds: message.firmIds,
    });
    return { providerId: id };
  }
}
