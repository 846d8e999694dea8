import type { SessionView } from '@parley/contracts';
import { useCallback, useEffect, useId, useState } from 'react';
import { errorMessage } from './api';
import { ErrorNote, LoadError, Spinner } from './widgets';

/** Every word of the Sessions section, in the page's language (staff: English; portal: its catalogue). */
export interface SessionTexts {
  heading: string;
  intro: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** "Chrome on Android" from what the server read in the user agent. */
  device: (browser: string | null, os: string | null) => string;
  thisOne: string;
  ip: (ip: string) => string;
  signedIn: (when: string) => string;
  lastSeen: (when: string) => string;
  end: string;
  /** The End button's accessible name: which session it ends. */
  endLabel: (device: string) => string;
  endOthers: string;
  onlyThisOne: string;
  none: string;
  ended: string;
  endedOthers: string;
}

export interface SessionActions {
  list: () => Promise<{ items: SessionView[] }>;
  /** Ends one (absent where only all can be ended: an admin's view of someone's sessions). */
  endOne?: (id: string) => Promise<unknown>;
  /** Ends all but this one (absent where the list is someone else's: then `endAll`). */
  endOthers?: () => Promise<unknown>;
  endAll?: () => Promise<unknown>;
  endAllLabel?: string;
}

/**
 * The Sessions section: each live session's device in words, address, when it signed in and was
 * last seen, this one marked, and End for each of the others, or for all of them at once.
 */
export function SessionList(props: {
  texts: SessionTexts;
  actions: SessionActions;
  formatTime: (iso: string) => string;
  level?: 2 | 3;
  /** Inside a dialog: no card of its own. */
  bare?: boolean;
  /** A failure in the page's language (the portal's catalogue); the staff app's sentence by default. */
  errorText?: (error: unknown) => string;
}) {
  const { texts: t, actions, formatTime } = props;
  const describe = props.errorText ?? errorMessage;
  const headingId = useId();
  const [items, setItems] = useState<SessionView[]>();
  const [loadError, setLoadError] = useState<string>();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<'ended' | 'endedOthers'>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    setLoadError(undefined);
    actions
      .list()
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setLoadError(describe(e)));
  }, [actions, describe]);
  useEffect(load, [load]);

  async function run(action: () => Promise<unknown>, done: 'ended' | 'endedOthers') {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      await action();
      setStatus(done);
      setItems((await actions.list()).items);
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }

  const Heading = props.level === 3 ? 'h3' : 'h2';
  if (loadError)
    return (
      <LoadError title={t.loadFailed} message={loadError} onRetry={load} retryLabel={t.retry} level={2} />
    );
  const others = items?.filter((s) => !s.current) ?? [];
  return (
    <section className={props.bare ? 'sessions' : 'card narrow sessions'} aria-labelledby={headingId}>
      <Heading id={headingId} style={{ marginTop: 0 }}>
        {t.heading}
      </Heading>
      <p className="muted">{t.intro}</p>
      {items === undefined ? (
        <Spinner label={t.loading} />
      ) : items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="list">
          {items.map((s) => {
            const device = t.device(s.device.browser, s.device.os);
            return (
              <li key={s.id} data-session={s.id}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <strong>{device}</strong>
                  {s.current && (
                    <span className="tag" style={{ marginLeft: '0.5rem' }}>
                      {t.thisOne}
                    </span>
                  )}
                  <div className="muted">
                    {s.ip && <span>{t.ip(s.ip)} · </span>}
                    <span>{t.signedIn(formatTime(s.createdAt))}</span> ·{' '}
                    <span>{t.lastSeen(formatTime(s.lastSeenAt))}</span>
                  </div>
                </div>
                {!s.current && actions.endOne && (
                  <button
                    type="button"
                    aria-label={t.endLabel(device)}
                    disabled={busy}
                    onClick={() => void run(() => actions.endOne!(s.id), 'ended')}
                  >
                    {t.end}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="actions">
        {actions.endOthers && others.length > 0 && (
          <button type="button" disabled={busy} onClick={() => void run(actions.endOthers!, 'endedOthers')}>
            {t.endOthers}
          </button>
        )}
        {actions.endAll && items && items.length > 0 && (
          <button type="button" disabled={busy} onClick={() => void run(actions.endAll!, 'endedOthers')}>
            {actions.endAllLabel}
          </button>
        )}
      </div>
      {items && actions.endOthers && others.length === 0 && <p className="muted">{t.onlyThisOne}</p>}
      <ErrorNote message={error} />
      {status && <p role="status">{t[status]}</p>}
    </section>
  );
}
