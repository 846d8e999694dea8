import type { PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { Attachment } from './check-message';
import { afterCommitEffects, applyEffects, checkEffects, type MessageDraft } from './message-effects';
import { findConversationOfParty } from './messaging.repository';
import { findByClientMessageId } from './next-message.repository';
import { AlreadyPosted, insertMessage } from './post-message';

export interface PartyAuthor {
  partyId: string;
  firmId: string;
  via: 'portal' | 'quick_link' | 'sms';
  /** The portal user behind a portal reply; anonymous for a quick-reply link or an SMS. */
  auditActor: { type: 'portal' | 'anonymous'; id?: string | null };
}

/**
 * A party posts (a portal reply, a quick-reply link, an inbound SMS): only into an external
 * conversation where the party is an active participant (else 404). The same seq ordering,
 * clientMessageId idempotency, message effects and realtime signal as a staff post. The caller
 * presents the message for its own audience. `files` may be a function run inside the transaction,
 * before the message, that creates the documents it attaches.
 */
export async function postPartyMessage(
  deps: Deps,
  party: PartyAuthor,
  conversationId: string,
  input: PostMessageInput,
  files: Attachment[] | ((tx: Queryable) => Promise<Attachment[]>),
  meta: RequestMeta,
): Promise<{ messageId: string; conversationId: string; created: boolean }> {
  const conversation = await findConversationOfParty(deps.db, conversationId, party.partyId);
  if (!conversation || conversation.firmId !== party.firmId) throw notFound('Conversation');
  const author = { type: 'party' as const, id: party.partyId, via: party.via };
  const draft: MessageDraft = { conversation, author, input };
  const effects = deps.messageEffects;
  let id: string;
  let seq: number;
  try {
    await checkEffects(deps, effects, draft);
    ({ id, seq } = await deps.db.transaction(async (tx) => {
      // Files made in the transaction (a portal reply's uploads) commit or roll back with the message.
      const attached = typeof files === 'function' ? await files(tx) : files;
      const { values, written } = await insertMessage(
        tx,
        {
          type: 'party',
          id: party.partyId,
          firmId: party.firmId,
          via: party.via,
          auditActor: party.auditActor,
        },
        conversation,
        input,
        { attachments: attached, shares: [] },
        meta,
      );
      const posted = { ...draft, id: values.id, seq: written.seq };
      await applyEffects(tx, deps, effects, posted, meta);
      return { id: values.id, seq: written.seq };
    }));
  } catch (error) {
    const first =
      error instanceof AlreadyPosted
        ? error.messageId
        : input.clientMessageId
          ? await findByClientMessageId(
              deps.db,
              conversation.id,
              { type: 'party', id: party.partyId },
              input.clientMessageId,
            )
          : undefined;
    if (!first) throw error;
    return { messageId: first, conversationId: conversation.id, created: false };
  }
  await deps.realtime.publish({ type: 'message.created', conversationId: conversation.id, messageId: id });
  await afterCommitEffects(deps, effects, { ...draft, id, seq });
  return { messageId: id, conversationId: conversation.id, created: true };
}
