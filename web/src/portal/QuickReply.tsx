import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { api, errorMessage } from '../ui/api';
import type { QuickReplyView } from '../ui/api-types';
import { FirmMark, useBrandColor, useTabTitle } from '../ui/brand';
import { formatTime } from '../ui/format';
import { LockIcon } from '../ui/icons';
import { ErrorNote, Spinner } from '../ui/widgets';

/** /r/:token: the last messages and a reply box, from an SMS link, without signing in. */
export function QuickReply() {
  const { token = '' } = useParams();
  const [view, setView] = useState<QuickReplyView>();
  const [error, setError] = useState<string>();
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const busy = useRef(false);
  const load = useCallback(() => {
    api('GET /quick/:token', { params: { token } })
      .then(setView)
      .catch(() => setError('This link has expired or is no longer valid.'));
  }, [token]);
  useEffect(load, [load]);
  useBrandColor(view?.brandColor);
  useTabTitle(view ? `Reply about ${view.matter.title}` : 'Reply', view?.firmName);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!body.trim() || busy.current) return;
    busy.current = true;
    try {
      await api('POST /quick/:token/messages', { params: { token }, body: { body } });
      setBody('');
      setSent(true);
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      busy.current = false;
    }
  }

  if (error && !view)
    return (
      <main>
        <div className="card narrow">
          <ErrorNote message={error} />
        </div>
      </main>
    );
  if (!view)
    return (
      <main>
        <Spinner />
      </main>
    );
  return (
    <>
      <header className="topbar">
        <span className="brand">
          <FirmMark name={view.firmName} logoUrl={view.logoUrl} />
        </span>
      </header>
      <main>
        <h1>{view.matter.title}</h1>
        <p className="muted">Recent messages from {view.firmName}. Reply below: no sign-in needed.</p>
        <ol className="messages" aria-label="Recent messages">
          {view.messages.map((m) => (
            <li key={m.id} className={m.locked ? 'message locked' : 'message'}>
              <div className="meta">
                <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
              </div>
              {m.locked ? (
                <p>
                  <LockIcon />
                  Protected message: sign in to the client portal to read it.
                </p>
              ) : (
                <p className="body">{m.body}</p>
              )}
            </li>
          ))}
        </ol>
        <form className="card composer" onSubmit={send} aria-label="Reply">
          <div className="field">
            <label htmlFor="quick-body">Reply</label>
            <textarea
              id="quick-body"
              value={body}
              maxLength={MESSAGE_BODY_MAX}
              onChange={(e) => setBody(e.target.value)}
              required
            />
          </div>
          {sent && <p role="status">Sent.</p>}
          <ErrorNote message={error} />
          <button type="submit">Send reply</button>
        </form>
      </main>
    </>
  );
}
