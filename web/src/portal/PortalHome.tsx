import { Link } from 'react-router';
import { formatTime } from '../ui/format';
import { FileIcon, FolderIcon } from '../ui/icons';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { Empty, ErrorNote, Spinner, UnreadBadge } from '../ui/widgets';
import { usePortalPage } from './branding';
import { usePortalInbox } from './inbox';
import { PortalHelp, usePortalWelcome, WelcomeCard } from './Welcome';

export function PortalHome() {
  const inbox = usePortalInbox();
  const conversations = { data: inbox?.conversations, error: inbox?.error };
  const shares = useApi('GET /portal/shares');
  usePortalPage('Messages');
  const welcome = usePortalWelcome();
  usePortalRealtime((e) => {
    if (e.type === 'share.revoked' || e.type === 'share.updated' || e.type === 'message.created')
      shares.reload();
  });
  return (
    <main>
      <h1>Your messages</h1>
      {welcome.open && <WelcomeCard onClose={welcome.close} focus={welcome.moved} />}
      <section className="card" aria-label="Conversations">
        <ErrorNote message={conversations.error} />
        {!conversations.data ? (
          <Spinner />
        ) : (
          conversations.data.items.length === 0 && <Empty>No messages yet.</Empty>
        )}
        <ul className="list">
          {conversations.data?.items.map((c) => (
            <li key={c.id}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Link to={`/portal/conversations/${c.id}`} style={{ fontWeight: c.unreadCount ? 700 : 400 }}>
                  {c.title ?? c.matter?.title ?? 'Conversation'}
                </Link>
                {c.lastMessage && <div className="muted preview">{c.lastMessage.preview}</div>}
              </div>
              <UnreadBadge count={c.unreadCount} />
              <span className="muted">{formatTime(c.lastMessage?.createdAt ?? c.updatedAt)}</span>
            </li>
          ))}
        </ul>
      </section>
      <h2>Shared with you</h2>
      <section className="card" aria-label="Shared documents">
        <ErrorNote message={shares.error} />
        {shares.data && shares.data.items.length === 0 && (
          <Empty>Nothing is shared with you right now.</Empty>
        )}
        <ul className="list">
          {shares.data?.items.map((s) => (
            <li key={s.id}>
              <span aria-hidden="true">{s.kind === 'folder' ? <FolderIcon /> : <FileIcon />}</span>
              <Link to={`/portal/shared/${s.id}`} style={{ flex: 1 }}>
                {s.name}
              </Link>
              <span className="shared-icon">Shared</span>
              <span className="muted">
                {s.matter.title} · updated {formatTime(s.updatedAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <PortalHelp
        welcomeOpen={welcome.open}
        onReopen={welcome.reopen}
        focus={welcome.moved && !welcome.open}
      />
    </main>
  );
}
