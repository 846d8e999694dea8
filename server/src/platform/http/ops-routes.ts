import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { pendingMigrations } from '../db/database';
import { AppError } from '../errors';

/**
 * The operator's probes at the server's root, outside /api/v1 (API.md "Decisions", Operations):
 * `/healthz` liveness (the process answers and so does its database), `/readyz` whether this node
 * should get traffic (database reachable and every migration applied), `/metrics` Prometheus text.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', async (_request, reply) => {
    const ok = await deps.database.ping();
    return reply.status(ok ? 200 : 503).send(ok ? { status: 'ok' } : { status: 'unavailable' });
  });

  app.get('/readyz', async (_request, reply) => {
    const database = await deps.database.ping();
    const pending = database ? await pendingMigrations(deps.db).catch(() => undefined) : undefined;
    const checks = {
      database: database ? 'ok' : 'unreachable',
      migrations: pending === undefined ? 'unknown' : pending === 0 ? 'ok' : `${pending} pending`,
    };
    const ready = database && pending === 0;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });

  app.get('/metrics', async (request, reply) => {
    guardMetrics(request, deps.config.METRICS_TOKEN);
    const { contentType, body } = await deps.metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

/**
 * With METRICS_TOKEN: `Authorization: Bearer <token>` (compared in constant time), else 401.
 * Without it: only a loopback peer that no proxy forwarded (no `X-Forwarded-*` nor `Forwarded`
 * header: a reverse proxy on the same machine is a loopback peer too), else 403.
 */
function guardMetrics(request: FastifyRequest, token: string | undefined) {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token))
      throw new AppError('unauthenticated', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    return;
  }
  const forwarded = Object.keys(request.headers).some(
    (h) => h.startsWith('x-forwarded-') || h === 'forwarded',
  );
  if (forwarded || !isLoopback(request.socket.remoteAddress))
    throw new AppError(
      'forbidden',
      'GET /metrics answers only on the server itself (loopback, not through a proxy) unless METRICS_TOKEN is set.',
    );
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
