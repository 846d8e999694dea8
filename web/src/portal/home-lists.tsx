import { Link } from 'react-router';
import { contentTypeInWords } from '../ui/content-type';
import type { ResponseOf } from '../ui/endpoints';
import { formatBytes, formatTime } from '../ui/format';
import { FileIcon, FolderIcon, LockIcon } from '../ui/icons';
import { Spinner, UnreadBadge } from '../ui/widgets';
import { attachmentViewPath, sharedViewPath, viewerState } from './viewer/PortalViewers';
import type { ViewerLinkState } from './viewer/viewer-file';

type Conversation = ResponseOf<'GET /portal/conversations'>['items'][number];
type Share = ResponseOf<'GET /portal/shares'>['items'][number];
type PortalDocument = ResponseOf<'GET /portal/documents'>['items'][number];

/** A list that did not load: what went wrong, in words, and a way to ask again. */
function LoadFailed({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  return (
    <div className="load-failed" role="alert">
      <p>
        <strong>We could not load {what}.</strong> {message}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

const activity = (c: Conversation) => c.lastMessage?.createdAt ?? c.updatedAt;

/** Who the client talks with there: the firm's people first, then the firm's name. */
function peopleLine(c: Conversation): string {
  const names = c.people.map((p) => p.name);
  return names.length ? `${names.join(', ')} · ${c.firm.name}` : c.firm.name;
}

function ConversationRow({ c }: { c: Conversation }) {
  const last = c.lastMessage;
  return (
    <li>
      <Link to={`/portal/conversations/${c.id}`} className={`home-row${c.unreadCount ? ' unread' : ''}`}>
        <span className="home-row-main">
          <span className="home-row-title">{c.title ?? c.matter.title}</span>
          <span className="home-row-people">{peopleLine(c)}</span>
          {last && (
            <span className="home-row-preview">
              {last.locked ? (
                <>
                  <LockIcon /> Protected message
                </>
              ) : (
                `${last.author.name}: ${last.preview}`
              )}
            </span>
          )}
        </span>
        <span className="home-row-side">
          <time dateTime={activity(c)}>{formatTime(activity(c))}</time>
          <UnreadBadge count={c.unreadCount} />
        </span>
      </Link>
    </li>
  );
}

/** The client's conversations, newest activity first, each row one link to the conversation. */
export function ConversationList(props: {
  items: Conversation[] | undefined;
  error: string | undefined;
  onRetry: () => void;
}) {
  if (props.error && !props.items)
    return <LoadFailed what="your conversations" message={props.error} onRetry={props.onRetry} />;
  if (!props.items) return <Spinner label="Loading your conversations" />;
  if (props.items.length === 0)
    return (
      <div className="home-empty">
        <p>
          <strong>No conversations yet.</strong>
        </p>
        <p>Your law firm will write to you here. We will send you an email when they do.</p>
      </div>
    );
  const items = [...props.items].sort((a, b) => activity(b).localeCompare(activity(a)));
  return (
    <ul className="home-list">
      {items.map((c) => (
        <ConversationRow key={c.id} c={c} />
      ))}
    </ul>
  );
}

interface SharedItem {
  key: string;
  to: string;
  state?: ViewerLinkState;
  folder: boolean;
  name: string;
  detail: string;
  updatedAt: string;
}

/**
 * One list of what reaches the client, newest first: each shared folder (opens as a live browser)
 * and each file they can open (`GET /portal/documents`: shared ones one by one, and files sent in a
 * message), which opens in the viewer (Back returns here).
 */
function sharedItems(folders: Share[], documents: PortalDocument[]): SharedItem[] {
  return [
    ...folders
      .filter((s) => s.kind === 'folder')
      .map((s) => ({
        key: `f:${s.id}`,
        to: `/portal/shared/${s.id}`,
        folder: true,
        name: s.name,
        detail: `Shared folder · ${s.matter.title}`,
        updatedAt: s.updatedAt,
      })),
    ...documents.map((d) => ({
      key: `${d.shareId ?? d.attachmentId}:${d.id}`,
      to: d.shareId
        ? sharedViewPath(d.shareId, d.id)
        : attachmentViewPath(d.conversationId, d.attachmentId ?? ''),
      state: viewerState(d),
      folder: false,
      name: d.name,
      detail: `${d.source === 'share' ? 'Shared' : 'Sent'} · ${contentTypeInWords(d.contentType)}, ${formatBytes(d.size)} · ${d.matter.title}`,
      updatedAt: d.updatedAt,
    })),
  ].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** What the firm shares or sends the client, newest first. */
export function SharedList(props: {
  shares: Share[] | undefined;
  documents: PortalDocument[] | undefined;
  error: string | undefined;
  onRetry: () => void;
}) {
  if (props.error)
    return <LoadFailed what="what is shared with you" message={props.error} onRetry={props.onRetry} />;
  if (!props.shares || !props.documents) return <Spinner label="Loading what is shared with you" />;
  const items = sharedItems(props.shares, props.documents);
  if (items.length === 0)
    return (
      <p className="home-empty">
        Nothing is shared with you right now. Files and folders your law firm shares appear here.
      </p>
    );
  return (
    <ul className="home-list">
      {items.map((s) => (
        <li key={s.key}>
          <Link to={s.to} state={s.state} className="home-row">
            <span className="home-row-icon" aria-hidden="true">
              {s.folder ? <FolderIcon /> : <FileIcon />}
            </span>
            <span className="home-row-main">
              <span className="home-row-title">{s.name}</span>
              <span className="home-row-people">{s.detail}</span>
            </span>
            <span className="home-row-side">
              <time dateTime={s.updatedAt}>{formatTime(s.updatedAt)}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
