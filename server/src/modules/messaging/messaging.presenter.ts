import type { ConversationView, MessageView, PortalMessageView } from '@parley/contracts';
import type { MessageExtras, MessageRow } from './messages.repository';
import type { ConversationListRow, ParticipantRow } from './messaging.repository';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentParticipant(p: ParticipantRow) {
  return { id: p.id, type: p.type, refId: (p.type === 'staff' ? p.staffId : p.partyId) ?? '', name: p.name };
}

type LastMessageColumns = Pick<
  ConversationListRow,
  'lm_id' | 'lm_seq' | 'lm_author_type' | 'lm_author_id' | 'lm_author_name' | 'lm_created_at'
>;

/** A list row's last message (null in an empty conversation), with the preview its viewer may see. */
export function presentLastMessage<P>(row: LastMessageColumns, preview: P) {
  if (!row.lm_id || !row.lm_created_at) return null;
  return {
    id: row.lm_id,
    seq: Number(row.lm_seq),
    preview,
    author: { type: row.lm_author_type ?? 'system', id: row.lm_author_id, name: row.lm_author_name ?? '' },
    createdAt: iso(row.lm_created_at),
  };
}

/** A conversation as a staff member sees it; `unreadCount` is last_seq minus their read position. */
export function presentConversation(row: ConversationListRow, people: ParticipantRow[]): ConversationView {
  const lastSeq = Number(row.last_seq);
  const lastRead = row.last_read_seq === null ? null : Number(row.last_read_seq);
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    matter: row.matter_id ? { id: row.matter_id, title: row.matter_title ?? '' } : null,
    participants: people.map(presentParticipant),
    lastMessage: presentLastMessage(row, (row.lm_body ?? '').slice(0, 140)),
    // Not a participant (a channel not joined, a colleague's matter thread): nothing is "unread" for you.
    unreadCount: lastRead === null ? 0 : Math.max(0, lastSeq - lastRead),
    lastSeq,
    updatedAt: iso(row.updated_at),
  };
}

type Audience =
  | { kind: 'staff'; people: ParticipantRow[] }
  | { kind: 'portal'; mfaVerifiedUntil: Date | null };

/**
 * A message for its viewer. Staff get read receipts and delivery states; portal users never do, and
 * a `requireMfa` message is locked for them without a step-up in the last 15 minutes (DESIGN.md 6).
 */
export function presentMessage(
  row: MessageRow,
  extras: MessageExtras,
  audience: { kind: 'staff'; people: ParticipantRow[] },
): MessageView;
export function presentMessage(
  row: MessageRow,
  extras: MessageExtras,
  audience: { kind: 'portal'; mfaVerifiedUntil: Date | null },
): PortalMessageView;
export function presentMessage(
  row: MessageRow,
  extras: MessageExtras,
  audience: Audience,
): MessageView | PortalMessageView {
  const author = { type: row.authorType, id: row.authorId, name: row.authorName };
  const base = {
    id: row.id,
    seq: row.seq,
    conversationId: row.conversationId,
    author,
    createdAt: iso(row.createdAt),
  };
  if (
    audience.kind === 'portal' &&
    row.requireMfa &&
    !(audience.mfaVerifiedUntil && audience.mfaVerifiedUntil > new Date())
  ) {
    return { ...base, requireMfa: true, locked: true };
  }
  const content = {
    ...base,
    body: row.body,
    links: row.links,
    attachments: extras.attachments
      .filter((a) => a.messageId === row.id)
      .map((a) => ({
        id: a.id,
        documentId: a.documentId,
        versionId: a.versionId,
        name: a.name,
        size: Number(a.size),
        contentType: a.contentType,
      })),
    shares: extras.shares
      .filter((s) => s.messageId === row.id)
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        targetId: s.targetId,
        name: s.name,
        revokedAt: isoOrNull(s.revokedAt),
      })),
    sendAsSms: row.sendAsSms,
    requireMfa: row.requireMfa,
    via: row.via,
  };
  if (audience.kind === 'portal') return content;
  return {
    ...content,
    // Read positions, not a per-message log: everyone whose last read seq reached this message.
    readBy: audience.people
      .filter((p) => p.lastReadSeq >= row.seq)
      .map((p) => ({ participantId: p.id, name: p.name, readAt: isoOrNull(p.lastReadAt) })),
    deliveries: extras.deliveries
      .filter((d) => d.messageId === row.id)
      .map((d) => ({
        partyId: d.partyId,
        channel: d.channel,
        status: d.status,
        error: d.error,
        updatedAt: iso(d.updatedAt),
      })),
  };
}
