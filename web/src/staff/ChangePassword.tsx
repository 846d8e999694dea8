import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../ui/api';
import { ErrorNote, Field } from '../ui/widgets';

/** `POST /auth/password`: the signed-in staff member changes their password (their other sessions end). */
export function ChangePassword({ onDone }: { onDone?: () => void } = {}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    if (next !== repeat) {
      setError('The new password and its repetition differ.');
      return;
    }
    try {
      await api('POST /auth/password', { body: { currentPassword: current, newPassword: next } });
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      onDone?.();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-label="Change password">
      <h2 style={{ marginTop: 0 }}>Password</h2>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        required
      />
      <Field
        label="New password (12 characters or more)"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={setNext}
        required
      />
      <Field
        label="New password again"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={setRepeat}
        required
      />
      <button type="submit">Change password</button>
      <ErrorNote message={error} />
      {done && <p role="status">Your password is changed. You were signed out everywhere else.</p>}
    </form>
  );
}
