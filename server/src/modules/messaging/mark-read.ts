import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { requireVisibleConversation } from './messaging.policy';
import { advanceRead, findStaffParticipant } from './messaging.repository';

/**
 * `POST /conversations/:id/read {seq}`: the caller has read up to `seq` (clamped to the last message;
 * it only ever moves forward). Someone who can see but is not a participant has no read state: no-op.
 */
export async function markRead(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
  seq: number,
  meta: RequestMeta,
): Promise<void> {
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  const participant = await findStaffParticipant(deps.db, conversation.id, actor.id);
  if (!participant) return;
  await advanceParticipantRead(
    deps,
    { participantId: participant.id, firmId: actor.firmId, actor, conversation },
    seq,
    meta,
  );
}

/**
 * Moves one participant's read position forward (staff or a party through the portal), audited in
 * the same transaction; staff sockets then get `message.read` (portal users never see receipts).
 */
export async function advanceParticipantRead(
  deps: Deps,
  reader: {
    participantId: string;
    firmId: string;
    actor: { type: 'staff' | 'portal'; id: string };
    conversation: { id: string; matterId: string | null };
  },
  seq: number,
  meta: RequestMeta,
): Promise<void> {
  const { conversation } = reader;
  const moved = await deps.db.transaction(async (tx) => {
    const row = await advanceRead(tx, reader.participantId, seq);
    if (!row) return undefined;
    await appendAudit(tx, {
      firmId: reader.firmId,
      actor: reader.actor,
      action: 'conversation.read',
      targetType: 'conversation',
      targetId: conversation.id,
      matterId: conversation.matterId,
      meta,
      data: { seq: Number(row.last_read_seq) },
    });
    return row;
  });
  if (!moved) return;
  await deps.realtime.publish({
    type: 'message.read',
    conversationId: conversation.id,
    participantId: reader.participantId,
    seq: Number(moved.last_read_seq),
    readAt: new Date(moved.last_read_at).toISOString(),
  });
}
