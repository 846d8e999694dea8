import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ResponseOf } from '../ui/endpoints';
import { FileIcon, FolderIcon, LockIcon } from '../ui/icons';
import { Spinner, UnreadBadge } from '../ui/widgets';
import { fileTypeInWords } from './i18n/file-types';
import { usePortalFormat } from './i18n/PortalI18n';
import { attachmentViewPath, sharedViewPath, viewerState } from './viewer/PortalViewers';
import type { ViewerLinkState } from './viewer/viewer-file';

type Conversation = ResponseOf<'GET /portal/conversations'>['items'][number];
type Share = ResponseOf<'GET /portal/shares'>['items'][number];
type PortalDocument = ResponseOf<'GET /portal/documents'>['items'][number];

/** A list that did not load: what went wrong, in words, and a way to ask again. */
function LoadFailed({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="load-failed" role="alert">
      <p>
        <strong>{t('home.loadFailed', { what })}</strong> {message}
      </p>
      <button type="button" onClick={onRetry}>
        {t('common.tryAgain')}
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

function ConversationRow({ c, current }: { c: Conversation; current: boolean }) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  const last = c.lastMessage;
  return (
    <li>
      <Link
        to={`/portal/conversations/${c.id}`}
        className={`home-row${c.unreadCount ? ' unread' : ''}${current ? ' current' : ''}`}
        aria-current={current ? 'page' : undefined}
      >
        <span className="home-row-main">
          <span className="home-row-title">{c.title ?? c.matter.title}</span>
          <span className="home-row-people">{peopleLine(c)}</span>
          {last && (
            <span className="home-row-preview">
              {last.locked ? (
                <>
                  <LockIcon /> {t('home.protectedMessage')}
                </>
              ) : (
                `${last.author.name}: ${last.preview}`
              )}
            </span>
          )}
        </span>
        <span className="home-row-side">
          <time dateTime={activity(c)}>{format.time(activity(c))}</time>
          <UnreadBadge count={c.unreadCount} word={t('common.unread', { count: c.unreadCount })} />
        </span>
      </Link>
    </li>
  );
}

/**
 * The client's conversations, newest activity first, each row one link to the conversation; the
 * `current` one (beside its open thread) is marked `aria-current="page"`.
 */
export function ConversationList(props: {
  items: Conversation[] | undefined;
  error: string | undefined;
  onRetry: () => void;
  current?: string;
}) {
  const { t } = useTranslation();
  if (props.error && !props.items)
    return <LoadFailed what={t('home.yourConversations')} message={props.error} onRetry={props.onRetry} />;
  if (!props.items) return <Spinner label={t('home.loadingConversations')} />;
  if (props.items.length === 0)
    return (
      <div className="home-empty">
        <p>
          <strong>{t('home.noConversations')}</strong>
        </p>
        <p>{t('home.noConversationsHint')}</p>
      </div>
    );
  const items = [...props.items].sort((a, b) => activity(b).localeCompare(activity(a)));
  return (
    <ul className="home-list">
      {items.map((c) => (
        <ConversationRow key={c.id} c={c} current={c.id === props.current} />
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
function sharedItems(
  folders: Share[],
  documents: PortalDocument[],
  t: TFunction,
  bytes: (n: number) => string,
): SharedItem[] {
  return [
    ...folders
      .filter((s) => s.kind === 'folder')
      .map((s) => ({
        key: `f:${s.id}`,
        to: `/portal/shared/${s.id}`,
        folder: true,
        name: s.name,
        detail: t('home.sharedFolder', { matter: s.matter.title }),
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
      detail: t(d.source === 'share' ? 'home.sharedFile' : 'home.sentFile', {
        type: fileTypeInWords(t, d.contentType),
        size: bytes(d.size),
        matter: d.matter.title,
      }),
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
  const { t } = useTranslation();
  const format = usePortalFormat();
  if (props.error)
    return <LoadFailed what={t('home.whatIsShared')} message={props.error} onRetry={props.onRetry} />;
  if (!props.shares || !props.documents) return <Spinner label={t('home.loadingShared')} />;
  const items = sharedItems(props.shares, props.documents, t, format.bytes);
  if (items.length === 0) return <p className="home-empty">{t('home.nothingShared')}</p>;
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
              <time dateTime={s.updatedAt}>{format.time(s.updatedAt)}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
