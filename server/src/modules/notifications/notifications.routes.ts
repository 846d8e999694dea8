import { outboxList } from '@parley/contracts';
import { route } from '../../platform/http/route';

export const notificationRoutes = [
  route({
    method: 'GET',
    url: '/dev/outbox',
    summary:
      "What would have been sent without an SMTP server / SMS provider (admin), newest first, for the caller's firm",
    tag: 'outbox',
    auth: 'admin',
    response: outboxList,
    errors: [403],
    handler: async ({ deps, actor }) => {
      const items = await deps.outbox.list({ firmId: actor.firmId });
      return {
        items: items.map(({ id, channel, to, subject, text, createdAt }) => ({
          id,
          channel,
          to,
          ...(subject === undefined ? {} : { subject }),
          text,
          createdAt,
        })),
        nextCursor: null,
      };
    },
  }),
];
