import { outboxList } from '@parley/contracts';
import { route } from '../../platform/http/route';
import { redactOutboxItem } from '../../platform/outbox/outbox-store';

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
      const stored = await deps.outbox.list({ firmId: actor.firmId });
      // Sign-in links, quick-reply links and codes let their holder in: an admin sees them as "…"
      // unless OUTBOX_SHOW_SECRETS=true (tests, local trials).
      const items = deps.config.OUTBOX_SHOW_SECRETS ? stored : stored.map(redactOutboxItem);
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
