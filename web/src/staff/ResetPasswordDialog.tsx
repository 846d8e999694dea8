import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../ui/api';
import { Dialog } from '../ui/Dialog';
import { ErrorNote, Field } from '../ui/widgets';

/** `POST /staff/:id/password` (admin): a forgotten password replaced; the new one is shown once. */
export function ResetPasswordDialog({
  person,
  onClose,
}: {
  person: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ initialPassword?: string }>();

  function close() {
    setPassword('');
    setError(undefined);
    setResult(undefined);
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!person) return;
    setError(undefined);
    try {
      setResult(
        await api('POST /staff/:id/password', {
          params: { id: person.id },
          body: password ? { password } : {},
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Dialog title="Reset password" open={person !== undefined} onClose={close}>
      {person && !result && (
        <form onSubmit={submit}>
          <p>
            {person.name} will be signed out everywhere and sign in with the new password. Do this only when
            you know it is really them asking.
          </p>
          <Field
            label="New password (empty: one is made)"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
          />
          <div className="row">
            <button type="submit">Reset password</button>
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
          </div>
          <ErrorNote message={error} />
        </form>
      )}
      {person && result && (
        <>
          <p role="status">
            {result.initialPassword ? (
              <>
                Give {person.name} this password, shown only this once: <code>{result.initialPassword}</code>
              </>
            ) : (
              <>{person.name}’s password is the one you chose.</>
            )}
          </p>
          <button type="button" onClick={close}>
            Done
          </button>
        </>
      )}
    </Dialog>
  );
}
