import type { ConversationView, MessageView, PortalMessageView } from './messaging';

/**
 * Realtime events, typed ONCE (STYLE.md "typed events", after Immich's ClientEventMap): event name →
 * payload. The server sends `{type, ...payload}` as JSON on `GET /api/v1/realtime`.
 * Staff receive `message.created` with a staff message; portal users with a portal message.
 * `message.read` and `delivery.updated` go to staff only.
 */
export interface RealtimeEventMap {
  /** Sent once when the socket is registered: from then on nothing is missed. */
  ready: Record<string, never>;
  'message.created': { conversationId: string; message: MessageView | PortalMessageView };
  'conversation.updated': { conversationId: string; conversation?: ConversationView };
  'message.read': { conversationId: string; participantId: string; seq: number; readAt: string };
  'delivery.updated': {
    conversationId: string;
    messageId: string;
    partyId: string;
    channel: 'sms' | 'email';
    status: string;
  };
  'share.revoked': { shareId: string; conversationId: string };
  /** What a live share reaches changed (new version, a file added, moved or deleted inside it): reload it. */
  'share.updated': { shareId: string; conversationId: string };
}

export type RealtimeEventName = keyof RealtimeEventMap;
export type RealtimeEvent = {
  [K in RealtimeEventName]: { type: K } & RealtimeEventMap[K];
}[RealtimeEventName];

/** Events only staff may receive. */
export const STAFF_ONLY_EVENTS: readonly RealtimeEventName[] = ['message.read', 'delivery.updated'];

type WithMessage<M> = {
  [K in RealtimeEventName]: { type: K } & (K extends 'message.created'
    ? { conversationId: string; message: M }
    : RealtimeEventMap[K]);
}[RealtimeEventName];
/** The events as a staff member's socket receives them: `message.created` carries the staff view. */
export type StaffRealtimeEvent = WithMessage<MessageView>;
/** The events as a portal user's socket receives them: the portal view, no staff-only events. */
export type PortalRealtimeEvent = Exclude<
  WithMessage<PortalMessageView>,
  { type: 'message.read' | 'delivery.updated' }
>;
