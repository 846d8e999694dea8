import type { matterMessageRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { checkMessage } from './check-message';
import { checkPeople, createConversationRows } from './create-conversation';
import { getConversation } from './list-conversations';
import { afterCommitEffects, applyEffects, checkEffects } from './message-effects';
import { findConversationWithExactly } from './messaging.repository';
import { loadOne, postMessage, writeMessage } from './post-message';

/**
 * A matter's "Message" action (`POST /matters/:id/messages`): parties chosen → external, staff only →
 * internal. Reuses the matter's conversation whose participants are exactly the caller plus those
 * chosen; otherwise creates it (with `title`, if given) in the same transaction as the message (never
 * an empty thread).
 */
export async function sendMatterMessage(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: z.output<typeof matterMessageRequest>,
  meta: RequestMeta,
) {
  const { partyIds: rawParties, staffIds: rawStaff, title, ...fields } = input;
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const people = await checkPeople(deps.db, actor, matter.id, { staffIds: rawStaff, partyIds: rawParties });
  const kind = people.partyIds.length > 0 ? ('external' as const) : ('internal' as const);
  const staffIds = [...new Set([actor.id, ...people.staffIds])];
  const existing = await findConversationWithExactly(deps.db, matter.id, kind, {
    staffIds,
    partyIds: people.partyIds,
  });
  if (existing) {
    const posted = await postMessage(deps, actor, existing, fields, meta);
    return { ...posted, conversation: await getConversation(deps.db, actor, existing) };
  }
  const files = await checkMessage(deps, actor, { kind, matterId: matter.id }, fields);
  const effects = deps.messageEffects;
  const author = { type: 'staff' as const, id: actor.id };
  await checkEffects(deps, effects, {
    conversation: { id: '', firmId: actor.firmId, matterId: matter.id, kind },
    author,
    input: fields,
    newConversationPartyIds: people.partyIds,
  });
  const { conversation, message } = await deps.db.transaction(async (tx) => {
    const created = await createConversationRows(
      tx,
      actor,
      { matterId: matter.id, kind, title: title ?? null, staffIds, partyIds: people.partyIds },
      meta,
    );
    const written = await writeMessage(tx, actor, created, fields, files, meta);
    const posted = { conversation: created, author, input: fields, id: written.id, seq: written.seq };
    await applyEffects(tx, deps, effects, posted, meta);
    return { conversation: created, message: written };
  });
  const conversationId = conversation.id;
  await deps.realtime.publish({ type: 'conversation.updated', conversationId });
  await deps.realtime.publish({ type: 'message.created', conversationId, messageId: message.id });
  await afterCommitEffects(deps, effects, {
    conversation,
    author,
    input: fields,
    id: message.id,
    seq: message.seq,
  });
  return {
    created: true,
    conversation: await getConversation(deps.db, actor, conversationId),
    // Effects may have added rows the message shows (SMS deliveries, `queued`): present it as stored.
    message: fields.sendAsSms ? await loadOne(deps.db, conversationId, message.id) : message,
  };
}
