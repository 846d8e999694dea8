import { z } from 'zod';

export const id = z.string().min(1).max(100);
export const isoTime = z.string();

/** `?limit=&cursor=` on every list. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const idParams = z.strictObject({ id });

const isControl = (c: string) => {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
};

/** A trimmed, non-empty single-line name; `clean` rewrites it first (file names drop bidi controls). */
export const name = (max = 200, clean?: (v: string) => string) =>
  (clean ? z.string().overwrite(clean) : z.string())
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => ![...v].some(isControl), 'must not contain control characters');

export const email = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((v) => v.toLowerCase());
