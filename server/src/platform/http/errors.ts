import type { z } from 'zod';
import { AppError } from '../errors';

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
