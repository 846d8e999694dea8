import type { Conversation } from '../../ui/api-types';

type Kind = Conversation['kind'];

const key = (people: string[]) => [...new Set(people)].sort().join(',');

/**
 * The conversation `POST /matters/:id/messages` will reuse: the matter's conversation of this kind
 * whose participants are exactly the caller plus those chosen (the newest such, as the server picks;
 * `list` is the matter's `GET /conversations`, most recent activity first). `undefined`: it starts one.
 * Home's New direct message asks the same of the caller's direct conversations.
 */
export function conversationWithExactly(
  list: Conversation[],
  kind: Kind,
  people: { meId: string; partyIds: Iterable<string>; staffIds: Iterable<string> },
): Conversation | undefined {
  const wanted = key([
    `s:${people.meId}`,
    ...[...people.staffIds].map((id) => `s:${id}`),
    ...[...people.partyIds].map((id) => `p:${id}`),
  ]);
  return list.find(
    (c) =>
      c.kind === kind &&
      key(c.participants.map((p) => `${p.type === 'staff' ? 's' : 'p'}:${p.refId}`)) === wanted,
  );
}

/**
 * What the composer says before sending: "Continues the external conversation with Ann Client, Bob
 * Staff (last message 2 Dec)", or "Starts a new internal conversation — staff only".
 */
export function continuesOrStarts(kind: Kind, existing: Conversation | undefined, meId: string): string {
  if (!existing) {
    if (kind === 'external') return 'Starts a new external conversation — the parties will see it.';
    if (kind === 'internal') return 'Starts a new internal conversation — staff only.';
    return `Starts a new ${kind === 'direct' ? 'direct message' : 'channel'} — staff only.`;
  }
  const others = existing.participants.filter((p) => !(p.type === 'staff' && p.refId === meId));
  const named = existing.title ? ` “${existing.title}”` : '';
  const people = others.length > 0 ? `with ${others.map((p) => p.name).join(', ')}` : 'with just you';
  const last = existing.lastMessage
    ? `last message ${shortDay(existing.lastMessage.createdAt)}`
    : 'no messages yet';
  const what = kind === 'direct' ? 'direct message' : kind === 'channel' ? 'channel' : `${kind} conversation`;
  return `Continues the ${what}${named} ${people} (${last}).`;
}

/** "today, 14:05", "2 Dec", "2 Dec 2025" (another year). */
function shortDay(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  if (d.toDateString() === now.toDateString())
    return `today, ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  return d.toLocaleDateString([], {
    day: 'numeric',
    month: 'short',
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}
