import type { PortalMessageView, PortalPostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { settleContent } from '../files/contents';
import { messageRowsByIds } from '../messaging/messages.repository';
import { findByClientMessageId } from '../messaging/next-message.repository';
import { postPartyMessage } from '../messaging/post-party-message';
import { insertClientUploads, stageClientUploads } from './client-uploads';
import { portalViews, requireParticipation } from './portal-participation';

/**
 * `POST /portal/conversations/:id/messages`: a reply as the user's party (`via: "portal"`). Its
 * uploads become documents in the matter's `Client uploads` folder and attachments of the reply,
 * in the message's own transaction. A retried `clientMessageId` answers the first message.
 */
export async function postPortalReply(
  deps: Deps,
  actor: PortalActor,
  conversationId: string,
  input: PortalPostMessageInput,
  meta: RequestMeta,
): Promise<{ message: PortalMessageView; created: boolean }> {
  const mine = await requireParticipation(deps, actor, conversationId);
  const load = async (id: string) =>
    (await portalViews(deps, actor, await messageRowsByIds(deps.db, [id])))[0]!;
  if (input.clientMessageId) {
    // Before the uploads are looked at: the first try consumed them.
    const first = await findByClientMessageId(
      deps.db,
      mine.conversationId,
      { type: 'party', id: mine.partyId },
      input.clientMessageId,
    );
    if (first) return { message: await load(first), created: false };
  }
  const items = await stageClientUploads(deps, actor, input.uploadIds ?? []);
  let duplicates: (string | undefined)[] = [];
  let posted: Awaited<ReturnType<typeof postPartyMessage>>;
  try {
    posted = await postPartyMessage(
      deps,
      {
        partyId: mine.partyId,
        firmId: mine.firmId,
        via: 'portal',
        auditActor: { type: 'portal', id: actor.id },
      },
      mine.conversationId,
      {
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.clientMessageId === undefined ? {} : { clientMessageId: input.clientMessageId }),
      },
      async (tx) => {
        const made = await insertClientUploads(tx, deps, actor, mine, items, meta);
        duplicates = made.duplicates;
        return made.attachments;
      },
      meta,
    );
  } catch (error) {
    await settleContent(deps, items, { committed: false });
    throw error;
  }
  await settleContent(deps, items, posted.created ? { committed: true, duplicates } : { committed: false });
  return { message: await load(posted.messageId), created: posted.created };
}
