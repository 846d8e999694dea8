import type { OutboxStore } from '../outbox/outbox-store';
import type { Mailer, MailMessage } from './mailer';

export class OutboxMailer implements Mailer {
  readonly kind = 'outbox';
  constructor(private readonly store: OutboxStore) {}

  async send(message: MailMessage): Promise<void> {
    await this.store.write({
      id: `email-${message.messageId}`,
      channel: 'email',
      to: message.to,
      subject: message.subject,
      ...(message.fromName ? { fromName: message.fromName } : {}),
      text: message.text,
      html: message.html,
      createdAt: new Date().toISOString(),
      firmIds: message.firmIds,
      secrets: message.secrets ?? [],
    });
  }

  async close(): Promise<void> {}
}
