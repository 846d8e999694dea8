import { isUtf8 } from 'node:buffer';

/**
 * Text that can be stored and shown: PostgreSQL refuses U+0000 in `text` and `jsonb` (so a NUL
 * that reaches a query is a 500), and a lone UTF-16 surrogate is silently stored as U+FFFD.
 * Both are refused at the edge (`platform/http/input-guard.ts`, tus metadata, multipart).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const NUL = /\u0000/;
/** With the `u` flag, \p{Cs} matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `text` cannot be stored, or null when it can. */
export function badTextReason(text: string): string | null {
  if (NUL.test(text)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (a lone surrogate)';
  return null;
}

export interface BadText {
  field: string;
  message: string;
}

/** The first string (value or object key) in a parsed input that cannot be stored, with its path. */
export function findBadText(value: unknown, where: string): BadText | null {
  if (typeof value === 'string') {
    const message = badTextReason(value);
    return message ? { field: where, message } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBadText(item, `${where}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = badTextReason(key);
      if (keyReason) return { field: where, message: `has a field name that ${keyReason}` };
      const found = findBadText(item, `${where}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Bytes that must become text: valid UTF-8 (no overlong forms, no encoded surrogates) without NUL. */
export function badBytesReason(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return 'must not contain the NUL character (U+0000)';
  if (!isUtf8(bytes)) return 'is not valid UTF-8 text';
  return null;
}

/** At most `max` UTF-16 code units of `text`, never cutting a character (an emoji) in half. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? max - 1 : max);
}

/** A header value kept for the record (User-Agent): control characters dropped, well-formed. */
export function cleanHeaderText(value: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  return cutText(value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\p{Cs}/gu, '\ufffd'), max);
}

/**
 * Characters that print as nothing or as boxes, or reorder what follows (C0/C1 controls, bidi marks,
 * embeddings, overrides and isolates): dropped or replaced where a name becomes a path or a line
 * of a PDF (the matter export).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
