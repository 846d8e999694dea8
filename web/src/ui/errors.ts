/**
 * Every error code of the API (`contracts/src/errors.ts`) turned into a sentence for a person: what
 * happened and what to do. A code added to the contract must be added here too (the `Record` says
 * so at compile time). Where the server's own sentence names the people or names involved (who has
 * no mobile, which name is taken), it is the better message and is used as it is.
 */
import type { ErrorCode } from './api-types';
import { formatBytes } from './format';

interface ErrorContext {
  /** The server's sentence. */
  server: string | undefined;
  details: unknown;
  /** `Retry-After`, in seconds, when the server sent it. */
  retryAfter: number | null;
}

type Describe = string | ((ctx: ErrorContext) => string);

const server =
  (fallback: string): Describe =>
  (ctx) =>
    ctx.server ?? fallback;

/** `body.newPassword` → "new password". */
export function fieldLabel(field: string): string {
  const last = field.replace(/^(body|query|params)\.?/, '').replace(/\.\d+/g, '') || 'the form';
  return last
    .split('.')
    .at(-1)!
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function invalidRequest(ctx: ErrorContext): string {
  const fields = Array.isArray(ctx.details)
    ? (ctx.details as { field?: unknown; message?: unknown }[]).filter(
        (d) => typeof d.field === 'string' && typeof d.message === 'string',
      )
    : [];
  if (fields.length > 0) {
    const parts = fields.slice(0, 3).map((d) => `${fieldLabel(String(d.field))} ${String(d.message)}`);
    return `Please check: ${parts.join('; ')}.`;
  }
  return ctx.server ?? 'Something in the form is not valid. Check it and try again.';
}

function wait(seconds: number | null): string {
  if (!seconds || seconds <= 0) return 'Wait a little and try again.';
  if (seconds < 90) return `Wait ${seconds} seconds and try again.`;
  return `Wait ${Math.ceil(seconds / 60)} minutes and try again.`;
}

const messages: Record<ErrorCode | 'network', Describe> = {
  invalid_request: invalidRequest,
  unauthenticated: 'You are signed out (your session ended). Sign in again to continue.',
  invalid_credentials: server('The email or password is not right.'),
  totp_required: 'Enter the 6-digit code from your authenticator app.',
  mfa_required: 'Confirm it is you first: this needs a fresh security code.',
  forbidden: server('You are not allowed to do this.'),
  totp_setup_required:
    'Your firm requires an authenticator app. Set it up on the Security page, then try again.',
  password_change_required: 'Choose a new password first: the one you signed in with works only once.',
  not_found: 'This is not here any more, or you no longer have access to it.',
  folder_full: server('This folder is full. Put the file in another folder, or make a subfolder.'),
  invalid_move: server('A folder cannot be moved into itself or into one of its subfolders.'),
  name_taken: server('Something with this name is already in the folder. Choose another name.'),
  upload_incomplete: 'The upload has not finished yet. Wait for it to finish, or add the file again.',
  party_exists: server('This person is already a party on the matter.'),
  email_taken: server('Someone already uses this email address.'),
  totp_already_enabled: server('An authenticator app is already set up for this account.'),
  file_too_large: (ctx) => {
    const limit = (ctx.details as { limit?: unknown } | undefined)?.limit;
    return typeof limit === 'number'
      ? `This file is larger than the ${formatBytes(limit)} limit.`
      : 'This file is larger than this server accepts.';
  },
  unsupported_image: 'The logo must be a PNG, JPEG or WebP image. Save it in one of those and try again.',
  too_many_files: server('Too many files for one message. Send them in two or more messages.'),
  recipient_has_no_mobile: server('A recipient has no mobile number. Add one, or send without SMS.'),
  recipient_has_no_email: server('A recipient has no email address. Add one first.'),
  recipient_opted_out: server('A recipient texted STOP and gets no SMS. Send without SMS.'),
  wrong_conversation_kind: server('This cannot be done in this kind of conversation.'),
  cannot_change_self: server('You cannot do this to your own account. Ask another admin.'),
  wrong_password: 'Your current password is not right.',
  invalid_code: 'That code is not right, or it has expired or was used already. Ask for a new one.',
  low_contrast: server('White text on this colour is hard to read. Choose a darker colour.'),
  rate_limited: (ctx) => `Too many tries. ${wait(ctx.retryAfter)}`,
  internal_error: 'Something went wrong on our side. Please try again.',
  unavailable: 'Parley cannot answer right now. Try again in a moment.',
  network: 'Parley could not be reached. Check your connection and try again.',
};

export function describeError(
  code: ErrorCode | 'network',
  serverMessage: string | undefined,
  details: unknown,
  retryAfter: string | null,
): string {
  const describe = messages[code] ?? server('Something went wrong. Please try again.');
  if (typeof describe === 'string') return describe;
  const seconds = retryAfter === null ? null : Number.parseInt(retryAfter, 10);
  return describe({ server: serverMessage, details, retryAfter: Number.isNaN(seconds) ? null : seconds });
}
