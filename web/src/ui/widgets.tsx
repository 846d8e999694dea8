import { type ReactNode, useId } from 'react';

export function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        // biome-ignore lint/a11y/noAutofocus: the first field of a dialog or sign-in form
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export function ErrorNote({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * A designed loading state: grey rows in the shape of what is coming (a list's rows, a thread's
 * messages), gently pulsing, with `label` for screen readers ("Loading conversations").
 */
export function Skeleton({
  label,
  rows = 3,
  kind = 'rows',
}: {
  label: string;
  rows?: number;
  kind?: 'rows' | 'messages';
}) {
  return (
    <div className={`skeleton ${kind}`} role="status">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders, all alike
        <div key={i} className="skeleton-item" aria-hidden="true">
          <span className="skeleton-line" />
          <span className="skeleton-line short" />
        </div>
      ))}
    </div>
  );
}

/** A designed empty state: what is (not) here, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <p className="muted" role="status">
      {label}…
    </p>
  );
}

/** Loading failed: what failed, why in words, and Try again. `level` is the heading's level on its page. */
export function LoadError(props: {
  title: string;
  message: string;
  onRetry: () => void;
  level?: 1 | 2;
  /** The button's words in the page's language. */
  retryLabel?: string;
}) {
  const Heading = props.level === 2 ? 'h2' : 'h1';
  return (
    <div className="card load-error">
      <Heading>{props.title}</Heading>
      <p className="error" role="alert">
        {props.message}
      </p>
      <button type="button" onClick={props.onRetry}>
        {props.retryLabel ?? 'Try again'}
      </button>
    </div>
  );
}

/** A whole page whose data is not there yet: the error if loading failed, else a spinner. */
export function PagePending({ error }: { error?: string | undefined }) {
  return <main>{error ? <ErrorNote message={error} /> : <Spinner />}</main>;
}

/** A labelled checkbox for an on/off option. */
export function Toggle(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label>
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        style={{ width: 'auto' }}
      />{' '}
      {props.label}
    </label>
  );
}

/**
 * The unread count of a conversation in a list (nothing when all is read). `word`: what follows the
 * number for a screen reader, in the page's language ("unread", "no leídos").
 */
export function UnreadBadge({ count, word = 'unread' }: { count: number; word?: string }) {
  if (count <= 0) return null;
  return (
    <span className="badge">
      {count}
      <span className="visually-hidden"> {word}</span>
    </span>
  );
}
