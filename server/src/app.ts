import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from './deps';
import { contactRoutes } from './modules/contacts/contacts.routes';
import { exportRoutes } from './modules/export/export.routes';
import { fileRoutes } from './modules/files/files.routes';
import { registerMultipart } from './modules/files/uploads/multipart';
import { registerTus } from './modules/files/uploads/tus';
import { firmRoutes } from './modules/identity/firm.routes';
import { identityRoutes } from './modules/identity/identity.routes';
import { staffSessionRoutes } from './modules/identity/sessions.routes';
import { matterRoutes } from './modules/matters/matters.routes';
import { registerMessagingRealtime } from './modules/messaging/messaging.realtime';
import { messagingRoutes } from './modules/messaging/messaging.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { portalAuthRoutes } from './modules/portal/portal.routes';
import { portalMessagingRoutes } from './modules/portal/portal-messaging.routes';
import { portalSessionRoutes } from './modules/portal/portal-sessions.routes';
import { sharingRoutes } from './modules/sharing/sharing.routes';
import { quickReplyRoutes } from './modules/sms/quick-reply.routes';
import { registerSmsWebhooks } from './modules/sms/sms.routes';
import { registerErrorHandler } from './platform/http/error-handler';
import { frameworkErrors, registerInputGuard } from './platform/http/input-guard';
import { buildOpenApi } from './platform/http/openapi';
import { registerOpsRoutes } from './platform/http/ops-routes';
import { API_PREFIX, registerRoutes } from './platform/http/route';
import { registerSecurityHeaders } from './platform/http/security-headers';
import { registerWebApp } from './platform/http/web-app';
import { registerHttpMetrics } from './platform/metrics/http-metrics';
import { registerRealtimeRoute } from './platform/realtime/websocket';

/** The Fastify app. It never listens: main.ts does, tests use app.inject(). */
export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as unknown as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    frameworkErrors,
    ...(deps.config.TRUST_PROXY === undefined ? {} : { trustProxy: deps.config.TRUST_PROXY }),
  });
  await app.register(cookie);

  // Graceful shutdown: once closing, in-flight responses ask the client to close the connection,
  // so keep-alive sockets don't hold the server open after their last request finishes.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  registerErrorHandler(app);
  registerSecurityHeaders(app, deps.config);
  registerInputGuard(app);

  registerHttpMetrics(app, deps.metrics);
  registerOpsRoutes(app, deps);

  await registerMultipart(app, deps);
  await registerTus(app, deps);
  registerRoutes(app, deps, [
    ...identityRoutes,
    ...staffSessionRoutes,
    ...firmRoutes,
    ...contactRoutes,
    ...matterRoutes,
    ...portalAuthRoutes,
    ...portalMessagingRoutes,
    ...portalSessionRoutes,
    ...notificationRoutes,
    ...messagingRoutes,
    ...fileRoutes,
    ...exportRoutes,
    ...sharingRoutes,
    ...quickReplyRoutes,
  ]);
  await registerSmsWebhooks(app, deps);
  registerMessagingRealtime(deps);
  await registerRealtimeRoute(app, deps);

  let openapi: unknown;
  app.get(`${API_PREFIX}/openapi.json`, async () => {
    openapi ??= buildOpenApi(deps.routes, deps.config.PUBLIC_URL);
    return openapi;
  });
  if (deps.config.SERVE_WEB) await registerWebApp(app);
  return app;
}
