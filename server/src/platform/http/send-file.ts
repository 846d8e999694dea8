import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ByteRange } from '../blobs/blob-store';

export interface FileToSend {
  name: string;
  /** Whatever the uploader declared; only a few types are ever shown inline. */
  contentType: string;
  size: number;
  sha256: string;
  open(range?: ByteRange): Promise<Readable>;
}

/**
 * Types a browser may show inline without running anything. Everything else (HTML, SVG, XML, JS,
 * and whatever is not listed) is served as `attachment`, with `nosniff` and a sandboxing CSP.
 */
const INLINE_SAFE = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'text/plain',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'video/mp4',
  'video/webm',
]);

/** RFC 6266 / RFC 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%;/]/g, '_')
      .trim() || 'download';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** One `bytes=` range of a file of `size` bytes; null = serve it all; 'unsatisfiable' = 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // several ranges or another unit: ignore it and send the whole file
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Serve a stored file: Range (206/416), ETag + If-None-Match (304), safe headers. */
export async function sendFile(request: FastifyRequest, reply: FastifyReply, file: FileToSend) {
  const etag = `"${file.sha256}"`;
  const type = INLINE_SAFE.has(file.contentType) ? file.contentType : 'application/octet-stream';
  const disposition = INLINE_SAFE.has(file.contentType) ? 'inline' : 'attachment';
  reply.headers({
    etag,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'content-disposition': contentDisposition(disposition, file.name),
    'content-type': type === 'text/plain' ? 'text/plain; charset=utf-8' : type,
  });
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
    return reply.status(304).send();
  }
  const ifRange = request.headers['if-range'];
  const range =
    ifRange && ifRange !== etag ? null : parseRange(request.headers.range as string | undefined, file.size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${file.size}`);
    reply.removeHeader('content-disposition');
    reply.header('content-type', 'application/json; charset=utf-8');
    return reply.status(416).send({
      error: {
        code: 'invalid_request',
        message: `The requested range is not within the file's ${file.size} bytes.`,
      },
    });
  }
  if (range) {
    reply.header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
    reply.header('content-length', range.end - range.start + 1);
    return reply.status(206).send(await file.open(range));
  }
  reply.header('content-length', file.size);
  if (file.size === 0) return reply.status(200).send('');
  return reply.status(200).send(await file.open());
}
