import type { ErrorCode } from '@parley/contracts';

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
