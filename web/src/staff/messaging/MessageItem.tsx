import type { Message, Participant } from '../../ui/api-types';
import { formatBytes, formatTime } from '../../ui/format';
import { ClipIcon, LinkIcon, LockIcon } from '../../ui/icons';
import { ShareChip } from './ShareChip';

const viaLabel: Record<Message['via'], string | null> = {
  app: null,
  portal: 'via portal',
  sms: 'via SMS',
  quick_link: 'Quick reply',
};

/** One message as staff see it: text is plain text (never HTML), with receipts and delivery status. */
export function MessageItem({
  message,
  meId,
  participants,
}: {
  message: Message;
  meId?: string;
  participants: Participant[];
}) {
  const mine = message.author.type === 'staff' && message.author.id === meId;
  const quick = message.via === 'quick_link';
  // The author has read their own message: receipts list everyone else.
  const authorParticipant = participants.find(
    (p) => p.type === message.author.type && p.refId === message.author.id,
  )?.id;
  const readers = (message.readBy ?? []).filter((r) => r.participantId !== authorParticipant);
  const partyName = (partyId: string) =>
    participants.find((p) => p.type === 'party' && p.refId === partyId)?.name ?? 'Recipient';
  const partyNames = participants
    .filter((p) => p.type === 'party')
    .map((p) => p.name)
    .join(', ');
  return (
    <li
      className={`message${mine ? ' mine' : ''}${quick ? ' quick' : ''}`}
      aria-label={`Message ${message.seq} from ${message.author.name}`}
    >
      <div className="meta">
        <strong>{message.author.name}</strong>
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {viaLabel[message.via] && <span className="tag">{viaLabel[message.via]}</span>}
        {message.requireMfa && (
          <span className="tag">
            <LockIcon />
            Requires MFA
          </span>
        )}
        {message.sendAsSms && <span className="tag">Sent as SMS</span>}
      </div>
      {message.body && <p className="body">{message.body}</p>}
      {message.links.length > 0 && (
        <ul className="items" style={{ padding: 0, margin: 0 }}>
          {message.links.map((l) => (
            <li key={l.url} style={{ listStyle: 'none' }}>
              <a href={l.url} target="_blank" rel="noopener noreferrer">
                <LinkIcon />
                {l.label ?? l.url}
              </a>
            </li>
          ))}
        </ul>
      )}
      {(message.attachments.length > 0 || message.shares.length > 0) && (
        <div className="items">
          {message.attachments.map((a) => (
            <a
              key={a.id}
              className="chip"
              href={`/api/v1/documents/${a.documentId}/content?versionId=${a.versionId}`}
            >
              <ClipIcon />
              {a.name} <span className="muted">({formatBytes(a.size)})</span>
            </a>
          ))}
          {message.shares.map((s) => (
            <ShareChip key={s.id} share={s} people={partyNames} />
          ))}
        </div>
      )}
      {readers.length > 0 && (
        <div className="meta">
          Read by {readers.map((r) => `${r.name} (${r.readAt ? formatTime(r.readAt) : ''})`).join(', ')}
        </div>
      )}
      {message.deliveries && message.deliveries.length > 0 && (
        <div className="meta">
          {message.deliveries.map((d) => (
            <span key={`${d.partyId}-${d.channel}`} className="tag" title={d.error ?? undefined}>
              {d.channel.toUpperCase()} to {partyName(d.partyId)}: {d.status}
              {d.error ? ` (${d.error})` : ''}
            </span>
          ))}
        </div>
      )}
    </li>
  );
}
