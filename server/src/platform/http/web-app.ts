import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from './route';
import { pagesWithPreloads } from './web-preloads';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Links carry tokens (/portal/sign-in?token=, /r/<token>): never leak them in a Referer.
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
    "connect-src 'self' ws: wss:; frame-src 'self' blob:; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'",
};

/** A year: what a file whose name carries its content hash (Vite's `assets/<name>-<hash>.<ext>`) may be cached for. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app (web/dist): the staff app at /, the portal at /portal, the quick-reply
 * page at /r/:token. Any other GET that is not API asks for the SPA's index.html, with the chunks
 * of the app that answers it preloaded (`web-preloads.ts`).
 *
 * `assets/` holds only files named by their content hash: cached for a year as `immutable`, and
 * answered with the `.br` or `.gz` copy the build wrote beside each one (`web/precompress.ts`) when
 * the browser accepts it. Everything else (index.html, favicon, the guide's pictures) is `no-cache`:
 * revalidated by ETag on each use, so a new build shows at once.
 */
export async function registerWebApp(app: FastifyInstance, distDir = webDistDir): Promise<void> {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return;
  const withSecurityHeaders = (res: { setHeader(name: string, value: string): unknown }) => {
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v);
  };
  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res) => {
      withSecurityHeaders(res);
      res.setHeader('cache-control', HASHED_ASSET_CACHE);
      res.setHeader('vary', 'accept-encoding');
    },
  });
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    cacheControl: false,
    decorateReply: false,
    globIgnore: ['assets/**'],
    setHeaders: (res) => {
      withSecurityHeaders(res);
      res.setHeader('cache-control', 'no-cache');
    },
  });
  const pageFor = pagesWithPreloads(distDir, fs.readFileSync(index));
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith(`${API_PREFIX}/`) || url.startsWith('/api/')) {
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: 'There is nothing at this address.' } });
    }
    if (/\.[a-z0-9]+$/i.test(url) && !url.startsWith('/r/')) {
      // A missing asset: don't answer with the SPA.
      return reply.status(404).type('text/plain').send('Not found');
    }
    reply.headers({ ...securityHeaders, 'cache-control': 'no-cache' });
    return reply.type('text/html; charset=utf-8').send(pageFor(url));
  });
}
