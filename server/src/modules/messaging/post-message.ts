import type { MessageView, PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { appendAudit } from '../audit/audit';
import type { RequestMeta, StaffActor } from '../identity/actor';
import { staffMessageViews } from './list-messages';
import { type ConversationRow, requireVisibleConversation } from './messaging.policy';
import {
  addParticipantRows,
  advanceRead,
  allocateSeq,
  documentsForAttachment,
  findByClientMessageId,
  findStaffParticipant,
  insertAttachments,
  insertMessage,
  messageRowsByIds,
} from './messaging.repository';

/** Thrown inside the transaction when a retry's first message turns up: rolls back the seq taken. */
class AlreadyPosted {
  constructor(readonly messageId: string) {}
}

type Attachment = { documentId: string; versionId: string; name: string; size: number; contentType: string };

/** State checks before any write: kind rules, file limit, attachments of this matter's live documents. */
export async function checkMessage(
  deps: Deps,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'kind' | 'matterId'>,
  input: PostMessageInput,
): Promise<Attachment[]> {
  if ((input.shares?.length ?? 0) > 0) {
    throw new AppError(
      'invalid_request',
      'Sharing from a message is not available yet; attach the files instead.',
      [{ field: 'body.shares', message: 'is not supported yet' }],
    );
  }
  if ((input.sendAsSms || input.requireMfa) && conversation.kind !== 'external') {
    throw new AppError(
      'wrong_conversation_kind',
      'Only a message in an external conversation can be sent as SMS or require MFA.',
    );
  }
  const requested = input.attachments ?? [];
  if (requested.length > deps.config.LIMIT_FILES_PER_SEND) {
    throw new AppError(
      'too_many_files',
      `One message can carry at most ${deps.config.LIMIT_FILES_PER_SEND} files; this one has ${requested.length}.`,
      { limit: deps.config.LIMIT_FILES_PER_SEND, count: requested.length },
    );
  }
  if (requested.length === 0) return [];
  if (!conversation.matterId) {
    throw new AppError(
      'wrong_conversation_kind',
      'Files can only be attached in a conversation of a matter.',
    );
  }
  const rows = await documentsForAttachment(deps.db, actor.firmId, conversation.matterId, requested);
  const missing: { field: string; documentId: string }[] = [];
  const result = requested.flatMap((r, i) => {
    const version = rows.find(
      (row) => row.documentId === r.documentId && row.versionId === (r.versionId ?? row.currentVersionId),
    );
    if (!version) {
      missing.push({ field: `body.attachments.${i}`, documentId: r.documentId });
      return [];
    }
    return [{ ...version, size: Number(version.size) }];
  });
  if (missing.length > 0) {
    throw new AppError(
      'not_found',
      `Document(s) not found in this matter: ${missing.map((m) => m.documentId).join(', ')}.`,
      missing,
    );
  }
  return result;
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
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  const author = { type: 'staff' as const, id: actor.id };
  const first = input.clientMessageId
    ? await findByClientMessageId(deps.db, conversation.id, author, input.clientMessageId)
    : undefined;
  if (first) return { message: await loadOne(deps.db, conversation.id, first), created: false };
  const files = await checkMessage(deps, actor, conversation, input);
  let messageId: string;
  try {
    messageId = await deps.db.transaction((tx) => writeMessage(tx, actor, conversation, input, files, meta));
  } catch (error) {
    if (!(error instanceof AlreadyPosted)) throw error;
    return { message: await loadOne(deps.db, conversation.id, error.messageId), created: false };
  }
  await deps.realtime.publish({ type: 'message.created', conversationId: conversation.id, messageId });
  return { message: await loadOne(deps.db, conversation.id, messageId), created: true };
}

export async function writeMessage(
  tx: Queryable,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'id' | 'matterId'>,
  input: PostMessageInput,
  files: Attachment[],
  meta: RequestMeta,
): Promise<string> {
  const seq = await allocateSeq(tx, conversation.id); // locks the conversation row until commit
  if (input.clientMessageId) {
    // Looked up again under the lock: a concurrent retry that committed first is seen here.
    const earlier = await findByClientMessageId(
      tx,
      conversation.id,
      { type: 'staff', id: actor.id },
      input.clientMessageId,
    );
    if (earlier) throw new AlreadyPosted(earlier);
  }
  const messageId = await insertMessage(tx, {
    firmId: actor.firmId,
    conversationId: conversation.id,
    seq,
    authorType: 'staff',
    authorId: actor.id,
    body: input.body ?? '',
    links: input.links ?? [],
    sendAsSms: input.sendAsSms ?? false,
    requireMfa: input.requireMfa ?? false,
    via: 'app',
    clientMessageId: input.clientMessageId ?? null,
  });
  if (!messageId) throw new AppError('invalid_request', 'This message was already posted; retry to get it.');
  await insertAttachments(
    tx,
    // Distinct creation times keep the attachments in the order they were given.
    files.map((f, i) => ({ ...f, firmId: actor.firmId, messageId, createdAt: new Date(Date.now() + i) })),
  );
  // Posting joins a visible conversation, and the author has read up to their own message.
  let participant = await findStaffParticipant(tx, conversation.id, actor.id);
  if (!participant)
    [participant] = await addParticipantRows(tx, actor.firmId, conversation.id, { staffIds: [actor.id] });
  if (participant) await advanceRead(tx, participant.id, seq);
  await appendAudit(tx, {
    firmId: actor.firmId,
    actor,
    action: 'message.post',
    targetType: 'message',
    targetId: messageId,
    matterId: conversation.matterId,
    meta,
    data: {
      conversationId: conversation.id,
      seq,
      attachments: files.map((f) => ({ documentId: f.documentId, versionId: f.versionId })),
      sendAsSms: input.sendAsSms ?? false,
      requireMfa: input.requireMfa ?? false,
    },
  });
  return messageId;
}

export async function loadOne(
  db: Queryable,
  conversationId: string,
  messageId: string,
): Promise<MessageView> {
  const rows = await messageRowsByIds(db, [messageId]);
  return (await staffMessageViews(db, conversationId, rows))[0]!;
}
