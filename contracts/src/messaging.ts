import { z } from 'zod';
import { id, name, pageQuery } from './common';
import { MESSAGE_BODY_MAX } from './constants';

export { MESSAGE_BODY_MAX };

/** API.md "Conversations and messages (staff)". */
export const conversationKind = z.enum(['external', 'internal', 'channel', 'direct']);
export type ConversationKind = z.infer<typeof conversationKind>;

export const participantView = z.object({
  id,
  type: z.enum(['staff', 'party']),
  refId: id,
  name: z.string(),
});

export const lastMessageView = z.object({
  id,
  seq: z.number().int(),
  preview: z.string(),
  author: z.object({
    type: z.enum(['staff', 'party', 'system']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  createdAt: z.string(),
});

export const conversation = z.object({
  id,
  kind: conversationKind,
  title: z.string().nullable(),
  matter: z.object({ id, title: z.string() }).nullable(),
  participants: z.array(participantView),
  lastMessage: lastMessageView.nullable(),
  unreadCount: z.number().int(),
  lastSeq: z.number().int(),
  updatedAt: z.string(),
});
export type ConversationView = z.infer<typeof conversation>;

export const conversationQuery = pageQuery.extend({
  matterId: id.optional(),
  kind: conversationKind.optional(),
  /** `true`: only conversations with messages the caller has not read. */
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** `GET /me/unread`: what the top navigation and the tab title count. */
export const unreadTotals = z.object({
  /** Conversations the caller takes part in with unread messages. */
  conversations: z.number().int(),
  /** Unread messages across them. */
  messages: z.number().int(),
});

const ids = z.array(id).max(500);

export const createMatterConversationRequest = z.strictObject({
  kind: z.enum(['external', 'internal']),
  partyIds: ids.optional(),
  staffIds: ids.optional(),
  title: name(300).optional().nullable(),
});

export const createConversationRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('channel'), title: name(300), staffIds: ids.optional() }),
  z.strictObject({ kind: z.literal('direct'), staffIds: ids.min(1), title: name(300).optional().nullable() }),
]);

export const addParticipantsRequest = z
  .strictObject({ partyIds: ids.optional(), staffIds: ids.optional() })
  .refine((v) => (v.partyIds?.length ?? 0) + (v.staffIds?.length ?? 0) > 0, 'name at least one participant');

export const participantParams = z.strictObject({ id, participantId: id });

/** Links may only point to http, https or mailto: no `javascript:` or `data:` URLs ever reach a viewer. */
export const link = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => {
      try {
        return ['http:', 'https:', 'mailto:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'must be an http, https or mailto URL'),
  label: z.string().trim().max(300).optional(),
});

export const messageFields = {
  body: z.string().max(MESSAGE_BODY_MAX, `must be at most ${MESSAGE_BODY_MAX} characters`).optional(),
  links: z.array(link).max(50).optional(),
  attachments: z
    .array(z.strictObject({ documentId: id, versionId: id.optional() }))
    .max(10_000)
    .optional(),
  shares: z
    .array(z.union([z.strictObject({ documentId: id }), z.strictObject({ folderId: id })]))
    .max(10_000)
    .optional(),
  sendAsSms: z.boolean().optional(),
  requireMfa: z.boolean().optional(),
  clientMessageId: z.string().trim().min(1).max(200).optional(),
};

const hasContent = (v: { body?: string; links?: unknown[]; attachments?: unknown[]; shares?: unknown[] }) =>
  (v.body?.trim().length ?? 0) > 0 ||
  (v.links?.length ?? 0) > 0 ||
  (v.attachments?.length ?? 0) > 0 ||
  (v.shares?.length ?? 0) > 0;
const NOTHING_TO_SEND = { message: 'nothing to send: give a body, links, attachments or shares' };

export const postMessageRequest = z.strictObject(messageFields).refine(hasContent, NOTHING_TO_SEND);
export type PostMessageInput = z.output<typeof postMessageRequest>;

export const matterMessageRequest = z
  .strictObject({
    ...messageFields,
    partyIds: ids.optional(),
    staffIds: ids.optional(),
    /** The title of the conversation if this message starts one; a reused conversation keeps its own. */
    title: name(300).optional(),
  })
  .refine(hasContent, NOTHING_TO_SEND);

export const messageQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const markReadRequest = z.strictObject({ seq: z.number().int().min(0) });

export const attachmentView = z.object({
  id,
  documentId: id,
  versionId: id,
  name: z.string(),
  size: z.number(),
  contentType: z.string(),
});
export const shareView = z.object({
  id,
  kind: z.enum(['document', 'folder']),
  targetId: id,
  name: z.string(),
  revokedAt: z.string().nullable(),
});

/** What a portal user sees of a message (no read receipts, no delivery state). */
export const portalMessage = z.object({
  id,
  seq: z.number().int(),
  conversationId: id,
  author: z.object({
    type: z.enum(['staff', 'party', 'system']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  body: z.string().optional(),
  links: z.array(z.object({ url: z.string(), label: z.string().optional() })).optional(),
  attachments: z.array(attachmentView).optional(),
  shares: z.array(shareView).optional(),
  sendAsSms: z.boolean().optional(),
  requireMfa: z.boolean(),
  locked: z.boolean().optional(),
  via: z.enum(['app', 'portal', 'sms', 'quick_link']).optional(),
  createdAt: z.string(),
});
export type PortalMessageView = z.infer<typeof portalMessage>;

export const message = portalMessage
  .required({
    body: true,
    links: true,
    attachments: true,
    shares: true,
    sendAsSms: true,
    via: true,
  })
  .extend({
    readBy: z.array(z.object({ participantId: id, name: z.string(), readAt: z.string().nullable() })),
    deliveries: z.array(
      z.object({
        partyId: id,
        channel: z.enum(['sms', 'email']),
        status: z.string(),
        error: z.string().nullable().optional(),
        updatedAt: z.string(),
      }),
    ),
  });
export type MessageView = z.infer<typeof message>;

export const matterMessageResponse = z.object({ conversation, message });
/** `GET /conversations/:id/messages`: ascending by seq. */
export const messageList = z.object({ items: z.array(message) });

/**
 * `GET /conversations/:id/notices` (staff only): lines that are not messages, e.g. a party's email
 * or mobile changed by a staff member. Never shown to parties; oldest first.
 */
export const conversationNotice = z.object({
  id: z.string(),
  conversationId: z.string(),
  kind: z.enum(['contact_changed']),
  text: z.string(),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type ConversationNoticeView = z.infer<typeof conversationNotice>;
export const noticeList = z.object({ items: z.array(conversationNotice) });

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(500),
  matterId: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * `snippet` is plain text: matched words are wrapped in the markers `SNIPPET_MARK_START` and
 * `SNIPPET_MARK_END` (private-use characters, never HTML). A viewer escapes the text and turns the
 * markers into highlighting, so a message body can never inject markup.
 */
export const SNIPPET_MARK_START = '\u{E000}';
export const SNIPPET_MARK_END = '\u{E001}';
export const searchHit = z.object({
  conversationId: id,
  messageId: id,
  seq: z.number().int(),
  snippet: z.string(),
  rank: z.number(),
  createdAt: z.string(),
  matter: z.object({ id, title: z.string() }).nullable(),
});
export const searchResponse = z.object({ items: z.array(searchHit), nextCursor: z.null() });
