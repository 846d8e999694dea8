import {
  createContext,
  type ReactNode,
  type RefObject,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { errorMessage } from '../../ui/api';
import { formatBytes } from '../../ui/format';
import { useMediaQuery } from '../../ui/media';

export interface UploadState {
  key: string;
  name: string;
  sent: number;
  total: number;
  error?: string;
  done?: boolean;
  /** Refused before it started: nothing to retry. */
  final?: boolean;
  /** Stopped by the user (Cancel): kept, with Retry, but not counted as a failure. */
  cancelled?: boolean;
  /** Stopped on a question only the user can answer (e.g. the name is taken): each choice goes on. */
  question?: { text: string; choices: { label: string; run: Run }[] };
}

type Run = (onProgress: (sent: number, total: number) => void, signal: AbortSignal) => Promise<unknown>;

interface Tray {
  uploads: UploadState[];
  /** Tracks one upload; `onDone` runs when it worked (e.g. reload the folder). Returns its key. */
  track(name: string, size: number, run: Run, onDone?: () => void): string;
  /** Shows a failure found before uploading (too big, wrong place) in the tray, with its reason. Returns its key. */
  refuse(name: string, size: number, reason: string): string;
  cancel(key: string): void;
  /** Cancels it if it still runs and takes its row away (the user no longer wants that file). */
  withdraw(key: string): void;
  retry(key: string): void;
  /** Goes on with the choice picked for an upload's question. */
  answer(key: string, run: Run): void;
  /**
   * A form shows these uploads itself (its chips): the tray does not list them again, and hides when
   * it has nothing else, so it covers no composer. Returns the undo (the form is gone): what still
   * runs or failed is listed in the tray again; what finished stays out (the form showed it).
   */
  showInPlace(keys: string[]): () => void;
}

/**
 * Thrown by an upload's run when it needs the user to choose (the bytes are already uploaded): the
 * tray shows the question with one button per choice, and the chosen one continues the upload.
 */
export class UploadQuestion extends Error {
  constructor(
    readonly text: string,
    readonly choices: { label: string; run: Run }[],
  ) {
    super(text);
  }
}

const TrayContext = createContext<Tray | null>(null);

/**
 * The staff app's one upload tray: every upload (All Files, new versions, Send and Share) with its
 * progress, Cancel and Retry; finished rows clear, failures stay with their reason in words.
 */
export function UploadTrayProvider({ children }: { children: ReactNode }) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [inPlace, setInPlace] = useState<ReadonlySet<string>>(new Set());
  const current = useRef(uploads);
  current.current = uploads;
  const showInPlace = useCallback((keys: string[]) => {
    setInPlace((set) => new Set([...set, ...keys]));
    return () =>
      setInPlace((set) => {
        const finished = new Set(current.current.filter((u) => u.done).map((u) => u.key));
        return new Set([...set].filter((k) => !keys.includes(k) || finished.has(k)));
      });
  }, []);
  const jobs = useRef(
    new Map<string, { run: Run; onDone?: (() => void) | undefined; abort?: AbortController }>(),
  );
  const patch = useCallback(
    (key: string, change: Partial<UploadState>) =>
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u))),
    [],
  );
  const start = useCallback(
    (key: string, size: number) => {
      const job = jobs.current.get(key);
      if (!job) return;
      const abort = new AbortController();
      job.abort = abort;
      job
        .run((sent, total) => patch(key, { sent, total }), abort.signal)
        .then(() => {
          if (jobs.current.get(key) !== job) return; // withdrawn: nobody wants it any more
          patch(key, { done: true, sent: size, error: undefined });
          job.onDone?.();
          jobs.current.delete(key);
          // When the whole batch is through without failures, the tray goes after a moment.
          setTimeout(() => setUploads((list) => (list.every((u) => u.done) ? [] : list)), 4000);
        })
        .catch((err: unknown) => {
          if (err instanceof UploadQuestion) {
            patch(key, { question: { text: err.text, choices: err.choices } });
            return;
          }
          const cancelled = err instanceof DOMException && err.name === 'AbortError';
          patch(key, { error: cancelled ? 'Cancelled.' : errorMessage(err), cancelled });
        });
    },
    [patch],
  );
  const dismiss = (key: string) =>
    setUploads((list) => {
      const rest = list.filter((u) => u.key !== key);
      return rest.every((u) => u.done) ? [] : rest;
    });
  const tray: Tray = {
    uploads,
    track(name, size, run, onDone) {
      const key = `${name}-${size}-${Date.now()}-${Math.random()}`;
      jobs.current.set(key, { run, onDone });
      setUploads((list) => [...list, { key, name, sent: 0, total: size }]);
      start(key, size);
      return key;
    },
    refuse(name, size, reason) {
      const key = `${name}-${size}-${Date.now()}-${Math.random()}`;
      setUploads((list) => [...list, { key, name, sent: 0, total: size, error: reason, final: true }]);
      return key;
    },
    cancel(key) {
      jobs.current.get(key)?.abort?.abort();
    },
    withdraw(key) {
      jobs.current.get(key)?.abort?.abort();
      jobs.current.delete(key);
      dismiss(key);
    },
    answer(key, run) {
      const job = jobs.current.get(key);
      const u = uploads.find((x) => x.key === key);
      if (!job || !u) return;
      job.run = run;
      patch(key, { question: undefined, error: undefined });
      start(key, u.total);
    },
    retry(key) {
      const u = uploads.find((x) => x.key === key);
      if (!u || !jobs.current.has(key)) return;
      patch(key, { error: undefined, cancelled: false, sent: 0 });
      start(key, u.total);
    },
    showInPlace,
  };
  return (
    <TrayContext.Provider value={tray}>
      {children}
      <UploadTray tray={tray} inPlace={inPlace} dismiss={dismiss} />
    </TrayContext.Provider>
  );
}

export function useUploadTray(): Tray {
  const tray = useContext(TrayContext);
  if (!tray) throw new Error('useUploadTray outside UploadTrayProvider');
  return tray;
}

const questionId = (key: string) => `upload-question-${key.replace(/[^\w-]/g, '_')}`;

function UploadTray({
  tray,
  inPlace,
  dismiss,
}: {
  tray: Tray;
  inPlace: ReadonlySet<string>;
  dismiss: (key: string) => void;
}) {
  const ref = useRef<HTMLElement>(null);
  // Unset until the user chooses: open on a wide screen; on a phone one line (the summary), so the
  // tray covers little of the page, opening by itself when a file needs the user (a failure, a question).
  const [chosen, setChosen] = useState<boolean>();
  const phone = useMediaQuery('(max-width: 600px)');
  const { uploads } = tray;
  const needsYou = uploads.some(
    (u) => !u.done && !inPlace.has(u.key) && (u.question || (u.error && !u.cancelled)),
  );
  const open = chosen ?? (!phone || needsYou);
  // The summary counts every upload; the tray shows while any is not shown in place by a form.
  const shown = uploads.some((u) => !inPlace.has(u.key));
  const height = useHeight(ref, shown);
  if (!shown) return null;
  const done = uploads.filter((u) => u.done).length;
  const cancelled = uploads.filter((u) => u.error && u.cancelled).length;
  const failed = uploads.filter((u) => u.error).length - cancelled;
  const asking = uploads.filter((u) => u.question).length;
  const running = uploads.length - done - failed - cancelled - asking;
  const summary = `${done} of ${uploads.length} done${failed ? `, ${failed} failed` : ''}${cancelled ? `, ${cancelled} cancelled` : ''}${asking ? `, ${asking} need${asking === 1 ? 's' : ''} your answer` : ''}${running ? `, ${running} running` : ''}`;
  return (
    <>
      {/* On a phone the tray spans the screen's width: this room at the page's end lets the last rows
          scroll up above it. */}
      <div className="tray-spacer" style={{ height }} aria-hidden="true" />
      <section className="upload-tray" aria-label="Uploads" ref={ref}>
        <div className="tray-head">
          <span role="status">{summary}</span>
          <button type="button" className="secondary" aria-expanded={open} onClick={() => setChosen(!open)}>
            {open ? 'Hide' : 'Show'}
          </button>
        </div>
        {open && (
          <ul className="list tray-list">
            {/* Finished rows are counted in the summary, not listed: only what runs or failed. */}
            {uploads
              .filter((u) => !u.done && !inPlace.has(u.key))
              .map((u) => (
                <li key={u.key}>
                  <span className="name">{u.name}</span>
                  {u.question ? (
                    <>
                      <span id={questionId(u.key)} className="question">
                        {u.question.text}
                      </span>
                      {u.question.choices.map((c) => (
                        <button
                          key={c.label}
                          type="button"
                          className="secondary"
                          aria-describedby={questionId(u.key)}
                          onClick={() => tray.answer(u.key, c.run)}
                        >
                          {c.label}
                        </button>
                      ))}
                      <DismissButton name={u.name} onClick={() => dismiss(u.key)} />
                    </>
                  ) : u.error ? (
                    <>
                      <span className={u.cancelled ? 'muted' : 'error'}>{u.error}</span>
                      {!u.final && (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => tray.retry(u.key)}
                          aria-label={`Retry ${u.name}`}
                        >
                          Retry
                        </button>
                      )}
                      <DismissButton name={u.name} onClick={() => dismiss(u.key)} />
                    </>
                  ) : (
                    <>
                      <progress
                        value={u.total ? u.sent / u.total : 0}
                        max={1}
                        aria-label={`Uploading ${u.name}`}
                      />
                      <span className="muted">
                        {formatBytes(u.sent)} of {formatBytes(u.total)}
                      </span>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => tray.cancel(u.key)}
                        aria-label={`Cancel ${u.name}`}
                      >
                        Cancel
                      </button>
                    </>
                  )}
                </li>
              ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The element's height, followed as it changes (while `on`). */
function useHeight(ref: RefObject<HTMLElement | null>, on: boolean): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!on || !el) return;
    const observer = new ResizeObserver(() => setHeight(el.offsetHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, on]);
  return height;
}

/** Takes a row that needs no more from the user (a failure, an unanswered question) out of the tray. */
function DismissButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button type="button" className="secondary" onClick={onClick} aria-label={`Dismiss ${name}`}>
      Dismiss
    </button>
  );
}
