/** One email, rendered. `messageId` is stable per job, so a resend can be recognised as the same mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The sender's display name (the firm's); the address is always `MAIL_FROM`'s. */
  fromName?: string | undefined;
  messageId: string;
  /** The firms the email concerns (for the outbox listing); not sent. */
  firmIds: string[];
  /** Tokens and codes in the text, which the outbox listing redacts; not sent. */
  secrets?: string[];
}

/** Where email goes: SMTP when `SMTP_URL` is set, else files in `DATA_DIR/outbox`. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
