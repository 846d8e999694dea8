export interface Participant {
  id: string;
  type: 'staff' | 'party';
  refId: string;
  name: string;
}

export interface Conversation {
  id: string;
  kind: 'external' | 'internal' | 'channel' | 'direct';
  title: string | null;
  matter: { id: string; title: string } | null;
  participants: Participant[];
  lastMessage: {
    id: string;
    seq: number;
    preview: string;
    author: { name: string } | string;
    createdAt: string;
  } | null;
  unreadCount: number;
  updatedAt: string;
}

export interface Attachment {
  id: string;
  documentId: string;
  versionId: string;
  name: string;
  size: number;
  contentType: string;
}

export interface ShareRef {
  id: string;
  kind: 'document' | 'folder';
  targetId: string;
  name: string;
  revokedAt: string | null;
}

export interface Message {
  id: string;
  seq: number;
  conversationId: string;
  author: { type: string; id: string | null; name: string };
  body: string;
  links: { url: string; label?: string }[];
  attachments: Attachment[];
  shares: ShareRef[];
  sendAsSms: boolean;
  requireMfa: boolean;
  via: 'app' | 'portal' | 'sms' | 'quick_link';
  createdAt: string;
  readBy?: { participantId: string; name: string; readAt: string }[];
  deliveries?: {
    partyId: string;
    channel: 'sms' | 'email';
    status: string;
    error?: string | null;
    updatedAt: string;
  }[];
  locked?: boolean;
}

export function conversationTitle(c: Conversation, meId?: string): string {
  if (c.title) return c.title;
  const others = c.participants.filter((p) => !(p.type === 'staff' && p.refId === meId)).map((p) => p.name);
  return others.join(', ') || 'Just you';
}
