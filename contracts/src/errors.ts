import { z } from 'zod';

/** Every error code the API answers with, and the HTTP status it maps to (API.md "Conventions"). */
export const errorStatus = {
  invalid_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  mfa_required: 403,
  forbidden: 403,
  not_found: 404,
  folder_full: 409,
  invalid_move: 409,
  name_taken: 409,
  upload_incomplete: 409,
  party_exists: 409,
  email_taken: 409,
  file_too_large: 413,
  too_many_files: 422,
  recipient_has_no_mobile: 422,
  recipient_has_no_email: 422,
  recipient_opted_out: 422,
  wrong_conversation_kind: 422,
  cannot_change_self: 422,
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
