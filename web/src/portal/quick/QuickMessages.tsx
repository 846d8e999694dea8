import type { PortalMessage } from '../../ui/api-types';
import { contentTypeInWords } from '../../ui/content-type';
import { formatBytes, formatTime } from '../../ui/format';
import { ClipIcon, FileIcon, FolderIcon, LinkIcon, LockIcon } from '../../ui/icons';

type MessageLink = NonNullable<PortalMessage['links']>[number];

/** A link said the way a person reads it: its label (else its host), and where it goes. */
function describeLink(link: MessageLink): { name: string; where: string } {
  try {
    const url = new URL(link.url);
    if (url.protocol === 'mailto:') {
      const address = decodeURIComponent(url.pathname);
      return { name: link.label ?? address, where: `email to ${address}` };
    }
    const host = url.hostname.replace(/^www\./, '');
    return {
      name: link.label ?? host,
      where: link.label ? host : `${host}${url.pathname.replace(/\/$/, '')}`,
    };
  } catch {
    return { name: link.label ?? link.url, where: link.url };
  }
}

/**
 * The recent messages of a quick-reply page. Files and shared folders are named (name, type in
 * words, size) but open only in the portal, behind sign-in; a protected message says only who sent
 * it and when, with the way to read it.
 */
export function QuickMessages({ messages, signInHref }: { messages: PortalMessage[]; signInHref: string }) {
  if (messages.length === 0) return <p className="empty">No messages yet. Write the first one below.</p>;
  return (
    <ol className="messages quick-messages" aria-label="Recent messages">
      {messages.map((m) => (
        <li
          key={m.id}
          className={m.locked ? 'message locked' : 'message'}
          aria-label={`${m.locked ? 'Protected message' : 'Message'} from ${m.author.name}`}
        >
          <div className="meta">
            <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
          </div>
          {m.locked ? (
            <p className="quick-locked">
              <LockIcon />
              Protected message — <a href={signInHref}>sign in to read it</a>
            </p>
          ) : (
            <MessageContent message={m} />
          )}
        </li>
      ))}
    </ol>
  );
}

function MessageContent({ message: m }: { message: PortalMessage }) {
  const links = m.links ?? [];
  const attachments = m.attachments ?? [];
  const shares = m.shares ?? [];
  const count = links.length + attachments.length + shares.length;
  return (
    <>
      {m.body && <p className="body">{m.body}</p>}
      {count > 0 && (
        <ul className="quick-items" aria-label="Sent with this message">
          {attachments.map((a) => (
            <li key={a.id}>
              <ClipIcon />
              <span className="quick-item-text">
                <span className="quick-item-name">{a.name}</span>
                <span className="muted">
                  {contentTypeInWords(a.contentType)} · {formatBytes(a.size)}
                </span>
              </span>
            </li>
          ))}
          {shares.map((s) => (
            <li key={s.id}>
              {s.kind === 'folder' ? <FolderIcon /> : <FileIcon />}
              <span className="quick-item-text">
                <span className="quick-item-name">
                  {s.kind === 'folder' ? 'Shared folder' : 'Shared file'}: {s.name}
                </span>
                <span className="muted">
                  {s.revokedAt
                    ? 'Access removed'
                    : s.kind === 'folder'
                      ? 'Always up to date'
                      : 'Latest version'}
                </span>
              </span>
            </li>
          ))}
          {links.map((l) => {
            const { name, where } = describeLink(l);
            return (
              <li key={l.url}>
                <LinkIcon />
                <a className="quick-item-text" href={l.url} target="_blank" rel="noopener noreferrer">
                  <span className="quick-item-name">{name}</span>
                  <span className="muted">{where}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
