import type { Deps } from '../../deps';
import type { PortalActor } from '../access/actor';
import { listMessageRows } from '../messaging/messages.repository';
import { portalViews, requireParticipation } from './portal-participation';

/** `GET /portal/conversations/:id/messages`: locked `requireMfa` messages, no receipts or deliveries. */
export async function listPortalMessages(
  deps: Deps,
  actor: PortalActor,
  conversationId: string,
  query: { after?: number | undefined; before?: number | undefined; limit: number },
) {
  const mine = await requireParticipation(deps, actor, conversationId);
  const rows = await listMessageRows(deps.db, mine.conversationId, {
    ...(query.after === undefined ? {} : { after: query.after }),
    ...(query.before === undefined ? {} : { before: query.before }),
    limit: query.limit,
  });
  return { items: await portalViews(deps, actor, rows) };
}
