import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { badBytesReason, findBadText } from '../text';

/**
 * Bytes that cannot become stored text are refused where they enter, for every route at once
 * (issue #19 item 4): PostgreSQL rejects U+0000, so a NUL that reaches a query is a 500.
 *
 * - the URL (path and query, every route: API, tus, WebSocket, web app): a percent-encoded NUL or
 *   bytes that are not UTF-8 (overlong forms, encoded surrogates) → 400 `invalid_request`;
 * - JSON bodies: bytes that are not UTF-8 → 400 (otherwise they would silently become U+FFFD);
 * - parsed params, query and body (route.ts `parseInput`), tus metadata and multipart fields use
 *   `refuseBadText`: a NUL or a lone surrogate (`"\ud800"` in JSON) → 400.
 */
export function registerInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(invalidText({ field: 'body', message: 'is not valid UTF-8 text' }), undefined);
      return;
    }
    parseJson(request, bytes as unknown as string, done);
  });
  app.addHook('onRequest', async (request) => {
    const bad = badUrlText(request.raw.url ?? '');
    if (bad) throw invalidText(bad);
  });
}

/** Throws 400 `invalid_request` when a parsed input holds a NUL or a lone surrogate. */
export function refuseBadText(value: unknown, where: string): void {
  const bad = findBadText(value, where);
  if (bad) throw invalidText(bad);
}

export function invalidText(bad: { field: string; message: string }): AppError {
  return new AppError('invalid_request', `The request is not valid: ${bad.field} ${bad.message}.`, [bad]);
}

/** The path or query of a raw URL whose percent-decoded bytes are not NUL-free UTF-8. */
export function badUrlText(url: string): { field: string; message: string } | null {
  const q = url.indexOf('?');
  for (const [field, part] of [
    ['path', q < 0 ? url : url.slice(0, q)],
    ['query', q < 0 ? '' : url.slice(q + 1)],
  ] as const) {
    const reason = percentEncodedReason(part);
    if (reason) return { field, message: reason };
  }
  return null;
}

/** Why a percent-encoded text (a URL part, a form body) does not decode to NUL-free UTF-8. */
export function percentEncodedReason(part: string): string | null {
  if (!part.includes('%') && /^[ -~]*$/.test(part)) return null;
  return badBytesReason(percentDecoded(part));
}

function percentDecoded(part: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-f]{2}$/i.test(part.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(part.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // A raw non-ASCII character (an unencoded URL): already text, kept as its UTF-8.
      bytes.push(...Buffer.from(part[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Fastify's own refusals of a URL (malformed percent-encoding, a huge param) in the API's error shape. */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const code = (error as { code?: string }).code;
  const messages: Record<string, string> = {
    FST_ERR_BAD_URL: 'The address is not valid: its percent-encoding is not UTF-8 text.',
    FST_ERR_MAX_PARAM_LENGTH: 'The address is not valid: a part of it is too long.',
  };
  const message = code ? messages[code] : undefined;
  if (!message) request.log.error({ err: error }, 'unhandled framework error');
  reply
    .status(message ? 400 : 500)
    .type('application/json; charset=utf-8')
    .send({
      error: message
        ? { code: 'invalid_request', message }
        : { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
    });
}
