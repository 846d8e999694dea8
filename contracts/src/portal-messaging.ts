import { z } from 'zod';
import { id } from './common';
import { lastMessageView, MESSAGE_BODY_MAX, portalMessage } from './messaging';

/** API.md "Client portal": conversations and replies as a portal user sees them. */

export const portalConversation = z.object({
  id,
  title: z.string().nullable(),
  matter: z.object({ title: z.string() }),
  /** `id` names the firm for `GET /branding?firm=`: the portal shows the brand of what it shows. */
  firm: z.object({ id, name: z.string() }),
  /**
   * Who else takes part, by name: the firm's staff (of `firm`) and the other parties, staff first.
   * The portal user's own parties are left out.
   */
  people: z.array(z.object({ type: z.enum(['staff', 'party']), name: z.string() })),
  /** `preview` is null and `locked` true for a `requireMfa` message without a recent step-up. */
  lastMessage: lastMessageView.extend({ preview: z.string().nullable(), locked: z.boolean() }).nullable(),
  unreadCount: z.number().int(),
  lastSeq: z.number().int(),
  updatedAt: z.string(),
});
export type PortalConversationView = z.infer<typeof portalConversation>;

export const portalPostMessageRequest = z
  .strictObject({
    body: z.string().max(MESSAGE_BODY_MAX, `must be at most ${MESSAGE_BODY_MAX} characters`).optional(),
    /** Finished tus uploads of this portal user: they become documents in `Client uploads`. */
    uploadIds: z.array(id).max(10_000).optional(),
    clientMessageId: z.string().trim().min(1).max(200).optional(),
  })
  .refine((v) => (v.body?.trim().length ?? 0) > 0 || (v.uploadIds?.length ?? 0) > 0, {
    message: 'nothing to send: give a body or uploadIds',
  });
export type PortalPostMessageInput = z.output<typeof portalPostMessageRequest>;

/** `GET /portal/conversations/:id/messages`: ascending by seq. */
export const portalMessageList = z.object({ items: z.array(portalMessage) });
