import { z } from 'zod';

/** Every error code the API answers with, and the HTTP status it maps to (API.md "Conventions"). */
export const errorStatus = {
  invalid_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  /** Password right, but this account signs in with a TOTP code too: ask for it. */
  totp_required: 401,
  mfa_required: 403,
  forbidden: 403,
  /** The firm requires staff TOTP and this user has not enrolled yet: only enrolment is open. */
  totp_setup_required: 403,
  /** Signed in with a one-time password (`npm run admin`): change it (`POST /auth/password`) first. */
  password_change_required: 403,
  not_found: 404,
  folder_full: 409,
  invalid_move: 409,
  name_taken: 409,
  upload_incomplete: 409,
  party_exists: 409,
  email_taken: 409,
  totp_already_enabled: 409,
  file_too_large: 413,
  /** A firm logo that is not PNG, JPEG or WebP by its bytes. */
  unsupported_image: 415,
  too_many_files: 422,
  recipient_has_no_mobile: 422,
  recipient_has_no_email: 422,
  recipient_opted_out: 422,
  wrong_conversation_kind: 422,
  cannot_change_self: 422,
  /** The current password given to change it is not right. */
  wrong_password: 422,
  /** A one-time or TOTP code that is wrong, expired, used, or out of tries. */
  invalid_code: 422,
  /** A brand colour that white text on it would not be readable against (under 4.5:1). */
  low_contrast: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
