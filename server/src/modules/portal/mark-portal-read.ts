import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { advanceParticipantRead } from '../messaging/mark-read';
import { requireParticipation } from './portal-participation';

/** `POST /portal/conversations/:id/read {seq}`: the user's party has read up to `seq` (forward only). */
export async function markPortalRead(
  deps: Deps,
  actor: PortalActor,
  conversationId: string,
  seq: number,
  meta: RequestMeta,
): Promise<void> {
  const mine = await requireParticipation(deps, actor, conversationId);
  await advanceParticipantRead(
    deps,
    {
      participantId: mine.participantId,
      firmId: mine.firmId,
      actor: { type: 'portal', id: actor.id },
      conversation: { id: mine.conversationId, matterId: mine.matterId },
    },
    seq,
    meta,
  );
}
