import type { z } from 'zod';
import { AppError } from '../errors';

/** Opaque list cursors: base64url JSON of the last row's sort key. */
export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T extends z.ZodType>(
  cursor: string | undefined,
  schema: T,
): z.output<T> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError('invalid_request', 'The cursor is not valid; start the list again without it.', [
    { field: 'query.cursor', message: 'is not valid' },
  ]);
}
