import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../ui/api';
import { ErrorNote, Field } from '../ui/widgets';
import { useStaffSession } from './session';

export function SignIn() {
  const { refresh } = useStaffSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST /auth/login', { body: { email, password, ...(askTotp ? { totp } : {}) } });
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setAskTotp(true);
        setError('Enter the 6-digit code from your authenticator app.');
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <form className="card narrow" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Parley</h1>
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          required
          autoComplete="username"
          autoFocus
        />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          required
          autoComplete="current-password"
        />
        {askTotp && (
          <Field
            label="Authenticator code"
            value={totp}
            onChange={setTotp}
            inputMode="numeric"
            autoComplete="one-time-code"
            required
          />
        )}
        <ErrorNote message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
