import type { Conversation } from '../../ui/api-types';

/** A conversation's title, else the names of the others in it. */
export function conversationTitle(c: Conversation, meId?: string): string {
  if (c.title) return c.title;
  const others = c.participants.filter((p) => !(p.type === 'staff' && p.refId === meId)).map((p) => p.name);
  return others.join(', ') || 'Just you';
}
