import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PortalMessage } from '../ui/api-types';
import { ClipIcon, FileIcon, FolderIcon, LinkIcon, LockIcon } from '../ui/icons';
import { usePortalFormat } from './i18n/PortalI18n';
import { StepUp } from './StepUp';
import { messageDomId } from './thread';
import { attachmentViewPath, sharedViewPath, viewerState } from './viewer/PortalViewers';

/** Who wrote a message, as the client knows them: staff with their firm, parties by name. */
export function authorLabel(author: PortalMessage['author'], firmName: string | undefined) {
  return author.type === 'staff' && firmName ? `${author.name} · ${firmName}` : author.name;
}

/**
 * One message of the portal thread. A protected one shows its unlock controls where it is in the
 * thread; `onUnlocked` is called once the step-up passed (every protected message opens then).
 */
export function PortalThreadMessage({
  message: m,
  firmName,
  onUnlocked,
}: {
  message: PortalMessage;
  firmName: string | undefined;
  onUnlocked: (messageId: string) => void;
}) {
  const who = authorLabel(m.author, firmName);
  const { t } = useTranslation();
  const format = usePortalFormat();
  return (
    <li
      id={messageDomId(m.id)}
      tabIndex={-1}
      className={m.locked ? 'message locked' : 'message'}
      aria-label={m.locked ? t('message.protectedFrom', { who }) : t('message.from', { who })}
    >
      <div className="meta">
        <strong>{m.author.name}</strong>
        {m.author.type === 'staff' && firmName && <span>· {firmName}</span>}
        <time dateTime={m.createdAt}>{format.time(m.createdAt)}</time>
        {m.requireMfa && (
          <span className="tag">
            <LockIcon />
            {t('message.protectedTag')}
          </span>
        )}
      </div>
      {m.locked ? <StepUp onVerified={() => onUnlocked(m.id)} /> : <MessageContent message={m} />}
    </li>
  );
}

function MessageContent({ message: m }: { message: PortalMessage }) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  const count = (m.links?.length ?? 0) + (m.attachments?.length ?? 0) + (m.shares?.length ?? 0);
  return (
    <>
      {m.body && <p className="body">{m.body}</p>}
      {count > 0 && (
        <div className="items">
          {(m.links ?? []).map((l) => (
            <a key={l.url} href={l.url} target="_blank" rel="noopener noreferrer" className="chip">
              <LinkIcon />
              {l.label ?? l.url}
            </a>
          ))}
          {(m.attachments ?? []).map((a) => (
            <Link
              key={a.id}
              className="chip"
              to={attachmentViewPath(m.conversationId, a.id)}
              state={viewerState(a)}
            >
              <ClipIcon />
              {a.name} <span className="muted">({format.bytes(a.size)})</span>
            </Link>
          ))}
          {(m.shares ?? []).map((s) =>
            s.revokedAt ? (
              <span key={s.id} className="chip">
                {s.name} <span className="tag">{t('message.accessRemoved')}</span>
              </span>
            ) : (
              <Link
                key={s.id}
                className="chip"
                to={s.kind === 'document' ? sharedViewPath(s.id, s.targetId) : `/portal/shared/${s.id}`}
              >
                {s.kind === 'folder' ? <FolderIcon /> : <FileIcon />} {s.name}{' '}
                <span className="shared-icon">{t('message.shared')}</span>
              </Link>
            ),
          )}
        </div>
      )}
    </>
  );
}
