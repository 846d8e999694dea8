import { randomUUID } from 'node:crypto';
import type { MessageView, PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { appendAudit } from '../audit/audit';
import type { RequestMeta, StaffActor } from '../identity/actor';
import { staffMessageViews } from './list-messages';
import { type ConversationRow, requireVisibleConversation } from './messaging.policy';
import { presentMessage } from './messaging.presenter';
import {
  addParticipantRows,
  advanceRead,
  documentsForAttachment,
  findByClientMessageId,
  insertAttachments,
  insertNextMessage,
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
  let message: MessageView;
  try {
    message = await deps.db.transaction((tx) => writeMessage(tx, actor, conversation, input, files, meta));
  } catch (error) {
    if (!(error instanceof AlreadyPosted)) throw error;
    return { message: await loadOne(deps.db, conversation.id, error.messageId), created: false };
  }
  await deps.realtime.publish({
    type: 'message.created',
    conversationId: conversation.id,
    messageId: message.id,
  });
  return { message, created: true };
}

export async function writeMessage(
  tx: Queryable,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'id' | 'matterId'>,
  input: PostMessageInput,
  files: Attachment[],
  meta: RequestMeta,
): Promise<MessageView> {
  const id = randomUUID();
  const values = {
    id,
    firmId: actor.firmId,
    conversationId: conversation.id,
    authorType: 'staff' as const,
    authorId: actor.id,
    body: input.body ?? '',
    links: input.links ?? [],
    sendAsSms: input.sendAsSms ?? false,
    requireMfa: input.requireMfa ?? false,
    via: 'app' as const,
    clientMessageId: input.clientMessageId ?? null,
  };
  const written = await insertNextMessage(tx, values);
  if (!written) {
    // A concurrent retry with this clientMessageId committed first (seen now, after the row lock).
    const earlier = input.clientMessageId
      ? await findByClientMessageId(
          tx,
          conversation.id,
          { type: 'staff', id: actor.id },
          input.clientMessageId,
        )
      : undefined;
    throw earlier ? new AlreadyPosted(earlier) : new Error('message insert returned nothing');
  }
  const attachmentRows = files.map((f, i) => ({
    ...f,
    id: randomUUID(),
    firmId: actor.firmId,
    messageId: id,
    // Distinct creation times keep the attachments in the order they were given.
    createdAt: new Date(written.createdAt.getTime() + i),
  }));
  await insertAttachments(tx, attachmentRows);
  let reader = written.participantId
    ? { id: written.participantId, lastReadAt: written.lastReadAt }
    : undefined;
  if (!reader) {
    // Posting joins a visible conversation; the author has read up to their own message.
    const [joined] = await addParticipantRows(tx, actor.firmId, conversation.id, { staffIds: [actor.id] });
    const read = joined ? await advanceRead(tx, joined.id, written.seq) : undefined;
    if (joined && read) reader = { id: joined.id, lastReadAt: new Date(read.last_read_at) };
  }
  await appendAudit(tx, {
    firmId: actor.firmId,
    actor,
    action: 'message.post',
    targetType: 'message',
    targetId: id,
    matterId: conversation.matterId,
    meta,
    data: {
      conversationId: conversation.id,
      seq: written.seq,
      attachments: files.map((f) => ({ documentId: f.documentId, versionId: f.versionId })),
      sendAsSms: values.sendAsSms,
      requireMfa: values.requireMfa,
    },
  });
  // The new message is presented from what was just written: no reload.
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
  return presentMessage(
    row,
    { attachments: attachmentRows, shares: [], deliveries: [] },
    { kind: 'staff', people },
  );
}

export async function loadOne(
  db: Queryable,
  conversationId: string,
  messageId: string,
): Promise<MessageView> {
  const rows = await messageRowsByIds(db, [messageId]);
  return (await staffMessageViews(db, conversationId, rows))[0]!;
}
