import { useEffect } from 'react';
import { formatTime } from '../../ui/format';
import { useApi } from '../../ui/use-api';
import { Empty, ErrorNote, Spinner } from '../../ui/widgets';
import { outboxNotice } from '../Layout';
import { useStaffSession } from '../session';

const OUTBOX_REFRESH_MS = 3_000;

/**
 * What would have been sent (admins, `GET /dev/outbox`) while no mail server or SMS provider is
 * set up: each email and text, newest first. Sign-in and quick-reply links arrive redacted unless
 * the server runs with `OUTBOX_SHOW_SECRETS=true`.
 */
export function OutboxPage() {
  const { me } = useStaffSession();
  const isAdmin = me?.role === 'admin';
  const outbox = useApi(isAdmin ? 'GET /dev/outbox' : null);
  // Mail is queued and kept by the worker a moment after what caused it: the list refreshes by
  // itself while the page is in view, so what was just asked for appears without a click.
  const { reload } = outbox;
  useEffect(() => {
    if (!isAdmin) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, OUTBOX_REFRESH_MS);
    return () => clearInterval(timer);
  }, [isAdmin, reload]);
  if (!isAdmin)
    return (
      <main>
        <h1>Outbox</h1>
        <p>Only an admin of your firm can read the outbox.</p>
      </main>
    );
  return (
    <main>
      <h1>Outbox</h1>
      <p className="muted">
        What would have been sent to clients and staff, newest first. It refreshes by itself.
        {!outboxNotice(me.outbox) &&
          ' Email and text messages are sent now; this lists what was kept before.'}
      </p>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={outbox.reload}>
          Refresh
        </button>
      </div>
      <ErrorNote message={outbox.error} />
      {outbox.loading && !outbox.data && <Spinner />}
      {outbox.data && outbox.data.items.length === 0 && <Empty>Nothing has been kept in the outbox.</Empty>}
      <ul className="list outbox card" aria-label="Outbox">
        {outbox.data?.items.map((item) => (
          <li key={item.id} aria-label={`${item.channel === 'email' ? 'Email' : 'Text'} to ${item.to}`}>
            <article>
              <p className="meta">
                <span className="tag">{item.channel === 'email' ? 'Email' : 'Text message'}</span>{' '}
                <strong>To {item.to}</strong> ·{' '}
                <time dateTime={item.createdAt}>{formatTime(item.createdAt)}</time>
              </p>
              {item.subject && <p className="subject">{item.subject}</p>}
              <pre className="outbox-text">
                <Linked text={item.text} />
              </pre>
            </article>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** The text with its links made links; a redacted one (its token replaced by `…`) stays text. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && !part.includes('…') ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
