import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PortalMessage } from '../../ui/api-types';
import { ClipIcon, FileIcon, FolderIcon, LinkIcon, LockIcon } from '../../ui/icons';
import { fileTypeInWords } from '../i18n/file-types';
import { usePortalFormat } from '../i18n/PortalI18n';

type MessageLink = NonNullable<PortalMessage['links']>[number];

/** A link said the way a person reads it: its label (else its host), and where it goes. */
function describeLink(link: MessageLink, t: TFunction): { name: string; where: string } {
  try {
    const url = new URL(link.url);
    if (url.protocol === 'mailto:') {
      const address = decodeURIComponent(url.pathname);
      return { name: link.label ?? address, where: t('quick.emailTo', { address }) };
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
  const { t } = useTranslation();
  const format = usePortalFormat();
  if (messages.length === 0) return <p className="empty">{t('quick.empty')}</p>;
  return (
    <ol className="messages quick-messages" aria-label={t('quick.recent')}>
      {messages.map((m) => (
        <li
          key={m.id}
          className={m.locked ? 'message locked' : 'message'}
          aria-label={
            m.locked
              ? t('message.protectedFrom', { who: m.author.name })
              : t('message.from', { who: m.author.name })
          }
        >
          <div className="meta">
            <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{format.time(m.createdAt)}</time>
          </div>
          {m.locked ? (
            <p className="quick-locked">
              <LockIcon />
              {t('quick.protectedMessage')} — <a href={signInHref}>{t('quick.signInToRead')}</a>
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
  const { t } = useTranslation();
  const format = usePortalFormat();
  const links = m.links ?? [];
  const attachments = m.attachments ?? [];
  const shares = m.shares ?? [];
  const count = links.length + attachments.length + shares.length;
  return (
    <>
      {m.body && <p className="body">{m.body}</p>}
      {count > 0 && (
        <ul className="quick-items" aria-label={t('quick.sentWith')}>
          {attachments.map((a) => (
            <li key={a.id}>
              <ClipIcon />
              <span className="quick-item-text">
                <span className="quick-item-name">{a.name}</span>
                <span className="muted">
                  {fileTypeInWords(t, a.contentType)} · {format.bytes(a.size)}
                </span>
              </span>
            </li>
          ))}
          {shares.map((s) => (
            <li key={s.id}>
              {s.kind === 'folder' ? <FolderIcon /> : <FileIcon />}
              <span className="quick-item-text">
                <span className="quick-item-name">
                  {s.kind === 'folder'
                    ? t('quick.sharedFolder', { name: s.name })
                    : t('quick.sharedFile', { name: s.name })}
                </span>
                <span className="muted">
                  {s.revokedAt
                    ? t('quick.accessRemoved')
                    : s.kind === 'folder'
                      ? t('quick.alwaysUpToDate')
                      : t('quick.latestVersion')}
                </span>
              </span>
            </li>
          ))}
          {links.map((l) => {
            const { name, where } = describeLink(l, t);
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
