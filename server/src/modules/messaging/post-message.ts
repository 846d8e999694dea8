import { randomUUID } from 'node:crypto';
import type { MessageView, PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { type CheckedFiles, checkMessage, checksCanRefuse } from './check-message';
import { staffMessageViews } from './list-messages';
import { addParticipantsAudited } from './manage-participants';
import {
  afterCommitEffects,
  applyEffects,
  checkEffects,
  effectsFor,
  type MessageDraft,
  needsTransaction,
} from './message-effects';
import { messageRowsByIds } from './messages.repository';
import { type ConversationRow, knownConversationFacts, requireVisibleConversation } from './messaging.policy';
import { presentMessage } from './messaging.presenter';
import { messageCreatedSignal } from './messaging.realtime';
import { advanceRead } from './messaging.repository';
import { ConversationHidden, findByClientMessageId, insertNextMessage } from './next-message.repository';

/** Thrown inside the transaction when a retry's first message turns up: rolls back the seq taken. */
export class AlreadyPosted {
  constructor(readonly messageId: string) {}
}

/**
 * Post a message (API.md `POST /conversations/:id/messages`). Its seq comes from the conversation
 * row, locked for the transaction: 1, 2, 3... with no gap or duplicate under any concurrency. A retry
 * with the same `clientMessageId` returns the first message (`created: false`).
 */
export async function postMessage(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
  input: PostMessageInput,
  meta: RequestMeta,
): Promise<{ message: MessageView; created: boolean }> {
  const author = { type: 'staff' as const, id: actor.id };
  const effects = deps.messageEffects;
  // A post nothing can refuse (no check of its own, no effect's check), into a conversation this
  // process already knows, skips the read: the write checks visibility itself. Otherwise the 404
  // must come before any other refusal, so the conversation is read first.
  const known = checksCanRefuse(input) ? undefined : knownConversationFacts(conversationId);
  const conversation =
    known && !effectsFor(effects, { conversation: known, author, input }).some((e) => e.check)
      ? known
      : await requireVisibleConversation(deps.db, actor, conversationId);
  const firstPost = async () =>
    input.clientMessageId
      ? findByClientMessageId(deps.db, conversation.id, author, input.clientMessageId)
      : undefined;
  let message: MessageView;
  let draft: MessageDraft;
  try {
    const files = await checkMessage(deps, actor, conversation, input);
    draft = { conversation, author, input };
    await checkEffects(deps, effects, draft);
    const write = (q: Queryable) => writeMessage(q, actor, conversation, input, files, meta);
    // Without effects the message is one statement, atomic on its own: no transaction round trips.
    message = needsTransaction(effects, draft)
      ? await deps.db.transaction(async (tx) => {
          const written = await write(tx);
          await applyEffects(tx, deps, effects, { ...draft, id: written.id, seq: written.seq }, meta);
          return written;
        })
      : await write(deps.db);
  } catch (error) {
    if (error instanceof ConversationHidden) throw notFound('Conversation');
    // A retry gets the first message, even if its files changed since or it raced the first try.
    const first = error instanceof AlreadyPosted ? error.messageId : await firstPost();
    if (!first) throw error;
    return { message: await loadOne(deps.db, conversation.id, first), created: false };
  }
  // Effects may have added rows the message shows (SMS deliveries, `queued`): present it as stored.
  if (input.sendAsSms) message = await loadOne(deps.db, conversation.id, message.id);
  await deps.realtime.publish(messageCreatedSignal(actor.firmId, message));
  await afterCommitEffects(deps, effects, { ...draft, id: message.id, seq: message.seq });
  return { message, created: true };
}

/** Who writes a message row, and how it is audited. */
export interface MessageWriter {
  type: 'staff' | 'party';
  id: string;
  firmId: string;
  via: 'app' | 'portal' | 'sms' | 'quick_link';
  /** The audit actor: the staff member, the portal user, or anonymous (a quick-reply link, an SMS). */
  auditActor: { type: 'staff' | 'portal' | 'anonymous'; id?: string | null };
}

/**
 * Inserts the message in ONE statement (`insertNextMessage`: seq, message, attachments, the author's
 * read position and the audit row), on the database or inside the caller's transaction. Throws
 * `AlreadyPosted` when a concurrent retry with the same clientMessageId committed first.
 */
export async function insertMessage(
  q: Queryable,
  writer: MessageWriter,
  conversation: Pick<ConversationRow, 'id' | 'matterId'>,
  input: PostMessageInput,
  checked: CheckedFiles,
  meta: RequestMeta,
  visibleTo?: { kind: ConversationRow['kind']; viewer: StaffActor },
) {
  const files = checked.attachments;
  const values = {
    id: randomUUID(),
    firmId: writer.firmId,
    conversationId: conversation.id,
    authorType: writer.type,
    authorId: writer.id,
    body: input.body ?? '',
    links: input.links ?? [],
    sendAsSms: input.sendAsSms ?? false,
    requireMfa: input.requireMfa ?? false,
    via: writer.via,
    clientMessageId: input.clientMessageId ?? null,
  };
  const attachmentRows = files.map((f) => ({ ...f, id: randomUUID() }));
  const shareRows = checked.shares.map((f) => ({
    ...f,
    id: randomUUID(),
    matterId: conversation.matterId ?? '',
  }));
  const written = await insertNextMessage(
    q,
    values,
    attachmentRows,
    {
      firmId: writer.firmId,
      actor: writer.auditActor,
      action: 'message.post',
      targetType: 'message',
      targetId: values.id,
      matterId: conversation.matterId,
      meta,
      data: {
        conversationId: conversation.id,
        via: writer.via,
        attachments: files.map((f) => ({ documentId: f.documentId, versionId: f.versionId })),
        shares: shareRows.map((f) => ({ shareId: f.id, kind: f.kind, targetId: f.targetId })),
        sendAsSms: values.sendAsSms,
        requireMfa: values.requireMfa,
      },
    },
    shareRows,
    visibleTo,
  );
  if (!written) {
    // A concurrent retry with this clientMessageId committed first: nothing was written.
    const earlier = await findByClientMessageId(
      q,
      conversation.id,
      { type: writer.type, id: writer.id },
      values.clientMessageId ?? '',
    );
    throw earlier ? new AlreadyPosted(earlier) : new Error('message insert returned nothing');
  }
  return { values, written, attachmentRows, shareRows };
}

/** A staff member's message: written, the author joined as a reader if needed, and presented from what was written. */
export async function writeMessage(
  q: Queryable,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'id' | 'matterId' | 'kind'>,
  input: PostMessageInput,
  checked: CheckedFiles,
  meta: RequestMeta,
): Promise<MessageView> {
  const { values, written, attachmentRows, shareRows } = await insertMessage(
    q,
    { type: 'staff', id: actor.id, firmId: actor.firmId, via: 'app', auditActor: actor },
    conversation,
    input,
    checked,
    meta,
    // Checked again on the locked row (access may have just ended), for this conversation's kind.
    { kind: conversation.kind, viewer: actor },
  );
  let reader = written.participantId
    ? { id: written.participantId, lastReadAt: written.lastReadAt }
    : undefined;
  if (!reader) reader = await joinAsReader(q, actor, conversation, written.seq, meta);
  const row = {
    ...values,
    seq: written.seq,
    createdAt: written.createdAt,
    authorName: actor.name,
    hasExtras: true,
  };
  const people = reader
    ? [
        {
          ...reader,
          conversationId: conversation.id,
          type: 'staff' as const,
          staffId: actor.id,
          partyId: null,
          lastReadSeq: written.seq,
          name: actor.name,
        },
      ]
    : [];
  const extras = {
    attachments: attachmentRows.map((f, i) => ({
      ...f,
      firmId: actor.firmId,
      messageId: values.id,
      createdAt: new Date(written.createdAt.getTime() + i),
    })),
    shares: shareRows.map((f, i) => ({
      id: f.id,
      messageId: values.id,
      kind: f.kind,
      targetId: f.targetId,
      name: f.name,
      revokedAt: null,
      createdAt: new Date(written.createdAt.getTime() + i),
    })),
    deliveries: [],
  };
  return presentMessage(row, extras, { kind: 'staff', people });
}

/** Posting joins a visible conversation the author was not in; they have read their own message. */
async function joinAsReader(
  q: Queryable,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'id' | 'matterId'>,
  seq: number,
  meta: RequestMeta,
) {
  return q.transaction(async (tx) => {
    let read: { last_read_at: Date | string } | undefined;
    const [joined] = await addParticipantsAudited(
      tx,
      actor,
      conversation,
      { staffIds: [actor.id] },
      meta,
      async (added) => {
        if (added[0]) read = await advanceRead(tx, added[0].id, seq);
      },
    );
    return joined
      ? { id: joined.id, lastReadAt: read ? new Date(read.last_read_at) : new Date() }
      : undefined;
  });
}

export async function loadOne(
  db: Queryable,
  conversationId: string,
  messageId: string,
): Promise<MessageView> {
  const rows = await messageRowsByIds(db, [messageId]);
  return (await staffMessageViews(db, conversationId, rows))[0]!;
}
