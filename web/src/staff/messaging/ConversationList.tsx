import { Link } from 'react-router';
import type { Conversation } from '../../ui/api-types';
import { formatTime } from '../../ui/format';
import { Empty, UnreadBadge } from '../../ui/widgets';
import { conversationTitle } from './conversation-title';

const kindLabel: Record<Conversation['kind'], string> = {
  external: 'External',
  internal: 'Internal',
  channel: 'Channel',
  direct: 'Direct',
};

export function ConversationList({
  items,
  meId,
  showMatter,
}: {
  items: Conversation[];
  meId?: string;
  showMatter?: boolean;
}) {
  if (items.length === 0) return <Empty>No conversations yet.</Empty>;
  return (
    <ul className="list conversations">
      {items.map((c) => {
        const author = c.lastMessage?.author.name ?? '';
        return (
          <li key={c.id}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Link to={`/conversations/${c.id}`} style={{ fontWeight: c.unreadCount > 0 ? 700 : 400 }}>
                {c.kind === 'channel' ? '# ' : ''}
                {conversationTitle(c, meId)}
              </Link>{' '}
              <span className="tag">{kindLabel[c.kind]}</span>
              {showMatter && c.matter && <span className="muted"> · {c.matter.title}</span>}
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
