import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';

/** One year, the value HSTS preload lists ask for; no `includeSubDomains`: the firm's other hosts are not ours. */
export const HSTS = 'max-age=31536000';

/**
 * Headers on every answer the app itself sends (API JSON, errors, web app, downloads):
 * `X-Content-Type-Options: nosniff`, so no browser reads a JSON answer as script or HTML, and
 * `Strict-Transport-Security` when PUBLIC_URL is https (never on http: it would lock a browser out of
 * a plain-HTTP trial). Set at onRequest, so the error handler's answers keep them too.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'secureCookies'>): void {
  const hsts = config.secureCookies;
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (hsts) reply.header('strict-transport-security', HSTS);
  });
}
