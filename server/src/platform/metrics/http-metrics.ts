import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Counts every answered request and its latency by the route PATTERN (`/api/v1/matters/:id`, never
 * the raw URL: ids would make a series per row), method and status. Requests that matched no route
 * share one label, so a scan of random paths adds no series.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url;
    // The web app's catch-all ('/*', when web/dist is built) answers unknown API paths with 404:
    // those are scans like any unmatched path, not a route.
    const unmatched = url === undefined || (url === '/*' && reply.statusCode === 404);
    const labels = {
      method: request.method,
      route: unmatched ? 'unmatched' : url,
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}
