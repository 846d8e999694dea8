import type { ConversationView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { checkKind, checkPeople } from './create-conversation';
import { getConversation } from './list-conversations';
import { type ConversationRow, requireVisibleConversation } from './messaging.policy';
import { addParticipantRows, removeParticipantRow, touchConversation } from './messaging.repository';

/**
 * Add people to a conversation the caller can see. Any staff member may join a channel (add
 * themselves); parties only join external conversations of their own matter.
 */
export async function addParticipants(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
  input: { staffIds?: string[]; partyIds?: string[] },
  meta: RequestMeta,
): Promise<ConversationView> {
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  checkKind(conversation.kind, input.partyIds?.length ?? 0, false);
  const people = await checkPeople(deps.db, actor, conversation.matterId, input);
  await deps.db.transaction(async (tx) => {
    await touchConversation(tx, conversation.id);
    await addParticipantsAudited(tx, actor, conversation, people, meta);
  });
  await deps.realtime.publish({ type: 'conversation.updated', conversationId: conversation.id });
  return getConversation(deps.db, actor, conversation.id);
}

/** Adds people inside the caller's transaction, with the audit row last; returns the rows added. */
export async function addParticipantsAudited(
  tx: Queryable,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'id' | 'matterId'>,
  people: { staffIds?: string[]; partyIds?: string[] },
  meta: RequestMeta,
  before?: (added: { id: string }[]) => Promise<void>,
) {
  const added = await addParticipantRows(tx, actor.firmId, conversation.id, people);
  await before?.(added);
  await appendAudit(tx, {
    firmId: actor.firmId,
    actor,
    action: 'conversation.participants.add',
    targetType: 'conversation',
    targetId: conversation.id,
    matterId: conversation.matterId,
    meta,
    data: { participantIds: added.map((p) => p.id), ...people },
  });
  return added;
}

/** Take someone out of a conversation: from now on they get nothing of it, realtime included. */
export async function removeParticipant(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
  participantId: string,
  meta: RequestMeta,
): Promise<void> {
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  await deps.db.transaction(async (tx) => {
    const removed = await removeParticipantRow(tx, conversation.id, participantId);
    if (!removed) throw notFound('Participant');
    await touchConversation(tx, conversation.id);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'conversation.participants.remove',
      targetType: 'participant',
      targetId: removed.id,
      matterId: conversation.matterId,
      meta,
      data: { conversationId: conversation.id, staffId: removed.staffId, partyId: removed.partyId },
    });
  });
  await deps.realtime.publish({ type: 'conversation.updated', conversationId: conversation.id });
}
