import type { PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import type { StaffActor } from '../access/actor';
import { shareableTargets } from '../files/files.repository';
import { documentsForAttachment } from './messages.repository';
import type { ConversationRow } from './messaging.policy';

export type Attachment = {
  documentId: string;
  versionId: string;
  name: string;
  size: number;
  contentType: string;
};
type Share = { kind: 'document' | 'folder'; targetId: string; name: string };
/** What a message carries, checked: fixed copies and live shares. */
export interface CheckedFiles {
  attachments: Attachment[];
  shares: Share[];
}

/**
 * Whether `checkMessage` could refuse this input. A plain message (text, links) it cannot: a caller
 * may then skip reading the conversation before writing (unless a message effect's check applies).
 */
export const checksCanRefuse = (input: PostMessageInput) =>
  Boolean(input.attachments?.length || input.shares?.length || input.sendAsSms || input.requireMfa);

/**
 * State checks before any write: kind rules, file limit, attachments of this matter's live
 * documents, shares of its live documents and folders (external conversations only: staff see All
 * Files anyway). The limit counts attachments + shared documents + shared folders (one each: a
 * folder share is a live link, what it holds later is bounded by the per-folder limit).
 */
export async function checkMessage(
  deps: Deps,
  actor: StaffActor,
  conversation: Pick<ConversationRow, 'kind' | 'matterId'>,
  input: PostMessageInput,
): Promise<CheckedFiles> {
  if ((input.sendAsSms || input.requireMfa) && conversation.kind !== 'external') {
    throw new AppError(
      'wrong_conversation_kind',
      'Only a message in an external conversation can be sent as SMS or require MFA.',
    );
  }
  const requested = input.attachments ?? [];
  const shareDocs = [
    ...new Set((input.shares ?? []).flatMap((s) => ('documentId' in s ? [s.documentId] : []))),
  ];
  const shareFolders = [
    ...new Set((input.shares ?? []).flatMap((s) => ('folderId' in s ? [s.folderId] : []))),
  ];
  const count = requested.length + shareDocs.length + shareFolders.length;
  if (count > deps.config.LIMIT_FILES_PER_SEND) {
    throw new AppError(
      'too_many_files',
      `One message can carry at most ${deps.config.LIMIT_FILES_PER_SEND} files; this one has ${count}.`,
      { limit: deps.config.LIMIT_FILES_PER_SEND, count },
    );
  }
  if (shareDocs.length + shareFolders.length > 0 && conversation.kind !== 'external') {
    throw new AppError(
      'wrong_conversation_kind',
      'Files can only be shared in an external conversation; staff already see All Files.',
    );
  }
  if (count === 0) return { attachments: [], shares: [] };
  if (!conversation.matterId) {
    throw new AppError(
      'wrong_conversation_kind',
      'Files can only be attached in a conversation of a matter.',
    );
  }
  const [rows, targets] = await Promise.all([
    requested.length === 0
      ? []
      : documentsForAttachment(deps.db, actor.firmId, conversation.matterId, requested),
    shareableTargets(deps.db, actor.firmId, conversation.matterId, shareDocs, shareFolders),
  ]);
  const missing: { field: string; documentId?: string; folderId?: string }[] = [];
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
  const shares: Share[] = [];
  for (const documentId of shareDocs) {
    const name = targets.documents.get(documentId);
    if (name === undefined) missing.push({ field: 'body.shares', documentId });
    else shares.push({ kind: 'document', targetId: documentId, name });
  }
  for (const folderId of shareFolders) {
    const name = targets.folders.get(folderId);
    if (name === undefined) missing.push({ field: 'body.shares', folderId });
    else shares.push({ kind: 'folder', targetId: folderId, name });
  }
  if (missing.length > 0) {
    throw new AppError(
      'not_found',
      `Document(s) or folder(s) not found in this matter: ${missing.map((m) => m.documentId ?? m.folderId).join(', ')}.`,
      missing,
    );
  }
  return { attachments: result, shares };
}
