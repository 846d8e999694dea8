import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../ui/api';
import type { Conversation } from '../../ui/api-types';
import { formatTime } from '../../ui/format';
import { EmptyState, ErrorNote, UnreadBadge } from '../../ui/widgets';
import { conversationTitle } from './conversation-title';

const kindLabel: Record<Conversation['kind'], string> = {
  external: 'External',
  internal: 'Internal',
  channel: 'Channel',
  direct: 'Direct',
};

/**
 * Conversations with their kind, matter, people, last message and unread count; the open one is
 * marked. `hrefFor` says where each opens (home: `/conversations/:id`; a matter's tab: inside it).
 */
export function ConversationList({
  items,
  meId,
  showMatter,
  hrefFor = (c) => `/conversations/${c.id}`,
  openId,
  emptyText = 'No conversations yet.',
  emptyHint,
  label = 'Conversations',
}: {
  items: Conversation[];
  meId?: string;
  showMatter?: boolean;
  hrefFor?: (c: Conversation) => string;
  openId?: string;
  emptyText?: string;
  /** What to do about it, under the empty state's title. */
  emptyHint?: string;
  label?: string;
}) {
  if (items.length === 0) return <EmptyState title={emptyText}>{emptyHint}</EmptyState>;
  return (
    <ul className="list conversations" aria-label={label}>
      {items.map((c) => {
        const author = c.lastMessage?.author.name ?? '';
        return (
          <li key={c.id} className={c.id === openId ? 'open' : undefined}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Link
                to={hrefFor(c)}
                aria-current={c.id === openId ? 'page' : undefined}
                style={{ fontWeight: c.unreadCount > 0 ? 700 : 400 }}
              >
                {c.kind === 'channel' ? '# ' : ''}
                {conversationTitle(c, meId)}
              </Link>{' '}
              <span className="tag">{kindLabel[c.kind]}</span>
              {showMatter && c.matter && <span className="muted"> · {c.matter.title}</span>}
              <div className="muted people">{c.participants.map((p) => p.name).join(', ')}</div>
              {c.lastMessage && (
                <div className="muted preview">
                  {author}: {c.lastMessage.preview}
                </div>
              )}
            </div>
            <UnreadBadge count={c.unreadCount} />
            <span className="muted">{formatTime(c.lastMessage?.createdAt ?? c.updatedAt)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** "Load more" under a conversation list while there are more pages; a failure is said, and retried. */
export function LoadMore({ more }: { more: (() => Promise<void>) | undefined }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!more) return null;
  return (
    <>
      <ErrorNote message={error} />
      <button
        type="button"
        className="secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          more()
            .catch((e: unknown) => setError(`More conversations did not load: ${errorMessage(e)}`))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Loading more…' : 'Load more'}
      </button>
    </>
  );
}
