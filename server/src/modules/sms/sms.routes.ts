import { smsInboundForm, smsStatusForm } from '@parley/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { invalidText, percentEncodedReason } from '../../platform/http/input-guard';
import { registerRoutes, route } from '../../platform/http/route';
import { validTwilioSignature } from '../../platform/sms/twilio-signature';
import { receiveSms } from './receive-sms';
import { recordSmsStatus } from './record-sms-status';

const FORM = 'application/x-www-form-urlencoded';

export const smsWebhookRoutes = [
  route({
    method: 'POST',
    url: '/webhooks/sms/status',
    summary: 'SMS provider status callback (Twilio-compatible, form-encoded, X-Twilio-Signature)',
    tag: 'sms',
    auth: 'none',
    query: z.object({ delivery: z.string().min(1).max(100).optional() }),
    body: smsStatusForm,
    bodyContentType: FORM,
    status: 204,
    errors: [403],
    handler: async ({ deps, body, query }) => {
      await recordSmsStatus(deps, body, query.delivery);
    },
  }),
  route({
    method: 'POST',
    url: '/webhooks/sms/inbound',
    summary:
      'Incoming SMS (Twilio-compatible, form-encoded, X-Twilio-Signature): a reply, STOP or START. Answers empty TwiML',
    tag: 'sms',
    auth: 'none',
    body: smsInboundForm,
    bodyContentType: FORM,
    errors: [403],
    handler: async ({ deps, body, meta, reply }) => {
      await receiveSms(deps, body, meta);
      return reply.type('text/xml; charset=utf-8').send('<Response/>');
    },
  }),
];

/**
 * The provider's webhooks, in their own plugin: only here are form bodies parsed, and every request
 * must carry a valid `X-Twilio-Signature` (over PUBLIC_URL + path + sorted fields) before its body
 * is even validated; otherwise 403.
 */
export async function registerSmsWebhooks(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
      // Bytes that are not UTF-8 would silently become U+FFFD, a NUL would reach the database.
      const reason = percentEncodedReason(body as string);
      if (reason) done(invalidText({ field: 'body', message: reason }), undefined);
      else done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.addHook('preHandler', async (request) => {
      const token = deps.config.TWILIO_AUTH_TOKEN;
      const params = z.record(z.string(), z.string()).safeParse(request.body ?? {});
      const url = deps.config.PUBLIC_URL + request.url;
      const header = request.headers['x-twilio-signature'];
      if (
        !token ||
        !params.success ||
        !validTwilioSignature(token, url, params.data, typeof header === 'string' ? header : undefined)
      ) {
        throw new AppError('forbidden', 'This request is not signed by the SMS provider.');
      }
    });
    registerRoutes(scope, deps, smsWebhookRoutes);
  });
}
