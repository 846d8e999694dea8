import type { ErrorCode } from '@parley/contracts';
import type { z } from 'zod';

/**
 * The domain throws codes (`contracts/src/errors.ts`), never HTTP statuses: `error-handler.ts` is
 * the one place that turns a code into status + body (STYLE.md). `headers`: what the answer must
 * carry besides (Retry-After of `rate_limited`).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'That') => new AppError('not_found', `${what} was not found.`);

/** Field-level details for a failed zod parse: `[{path: "body.email", message}]`. */
export function invalidRequest(error: z.ZodError, where: string): AppError {
  const details = error.issues.map((issue) => {
    const field = [where, ...issue.path.map(String)].filter(Boolean).join('.');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return { field, message };
  });
  const first = details[0];
  return new AppError(
    'invalid_request',
    first
      ? `The request is not valid: ${first.field || 'input'} ${first.message}.`
      : 'The request is not valid.',
    details,
  );
}
