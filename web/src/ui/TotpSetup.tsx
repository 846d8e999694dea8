import { type FormEvent, type ReactNode, useState } from 'react';
import { api, errorMessage } from './api';
import { ErrorNote, Field } from './widgets';

const routes = {
  staff: { setup: 'POST /auth/totp/setup', confirm: 'POST /auth/totp/confirm' },
  portal: { setup: 'POST /portal/mfa/totp/setup', confirm: 'POST /portal/mfa/totp/confirm' },
} as const;

/**
 * Enroll an authenticator app (TOTP): staff (`/auth/totp`, for sign-in) and portal users
 * (`/portal/mfa/totp`, for step-up).
 */
export function TotpSetup({
  audience,
  purpose,
  onDone,
  enabled,
  lostHint,
  children,
}: {
  audience: 'staff' | 'portal';
  purpose: string;
  onDone: () => Promise<void> | void;
  /** Already set up: say so instead of offering a setup that would be refused. */
  enabled?: boolean | undefined;
  /** What to do if the app is lost (shown when it is set up). */
  lostHint?: string;
  /** More of the same page, after the authenticator card (e.g. the staff password form). */
  children?: ReactNode;
}) {
  const [secret, setSecret] = useState<{ secret: string; otpauthUrl: string }>();
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string>();
  async function start() {
    setError(undefined);
    try {
      setSecret(await api(routes[audience].setup));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function confirm(e: FormEvent) {
    e.preventDefault();
    try {
      await api(routes[audience].confirm, { body: { code: code.trim() } });
      setDone(true);
      await onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <main>
      <div className="card narrow">
        <h1>Authenticator app</h1>
        {done ? (
          <p role="status">Your authenticator app is set up. Use its codes {purpose}.</p>
        ) : enabled ? (
          <p>
            An authenticator app is set up for this account: use its codes {purpose}. {lostHint}
          </p>
        ) : !secret ? (
          <>
            <p>Use an authenticator app {purpose}.</p>
            <button type="button" onClick={() => void start()}>
              Set up an authenticator app
            </button>
          </>
        ) : (
          <form onSubmit={confirm}>
            <p>
              Add this key to your authenticator app: <code>{secret.secret}</code>
            </p>
            <p className="muted" style={{ overflowWrap: 'anywhere' }}>
              Or open: <a href={secret.otpauthUrl}>{secret.otpauthUrl}</a>
            </p>
            <Field
              label="Code from the app"
              value={code}
              onChange={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
            />
            <button type="submit">Confirm</button>
          </form>
        )}
        <ErrorNote message={error} />
      </div>
      {children}
    </main>
  );
}
