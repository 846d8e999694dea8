import { type FormEvent, type ReactNode, useState } from 'react';
import { api, errorMessage } from './api';
import { ErrorNote, Field } from './widgets';

const routes = {
  staff: { setup: 'POST /auth/totp/setup', confirm: 'POST /auth/totp/confirm' },
  portal: { setup: 'POST /portal/mfa/totp/setup', confirm: 'POST /portal/mfa/totp/confirm' },
} as const;

/** Its words, with `purpose` said inside them; English by default, the portal passes its language's. */
export interface TotpTexts {
  heading: string;
  done: (purpose: string) => string;
  enabled: (purpose: string) => string;
  intro: (purpose: string) => string;
  start: string;
  addKey: string;
  orOpen: string;
  codeLabel: string;
  confirm: string;
}

const ENGLISH: TotpTexts = {
  heading: 'Authenticator app',
  done: (purpose) => `Your authenticator app is set up. Use its codes ${purpose}.`,
  enabled: (purpose) => `An authenticator app is set up for this account: use its codes ${purpose}.`,
  intro: (purpose) => `Use an authenticator app ${purpose}.`,
  start: 'Set up an authenticator app',
  addKey: 'Add this key to your authenticator app:',
  orOpen: 'Or open:',
  codeLabel: 'Code from the app',
  confirm: 'Confirm',
};

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
  texts = ENGLISH,
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
  texts?: TotpTexts;
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
        <h1>{texts.heading}</h1>
        {done ? (
          <p role="status">{texts.done(purpose)}</p>
        ) : enabled ? (
          <p>
            {texts.enabled(purpose)} {lostHint}
          </p>
        ) : !secret ? (
          <>
            <p>{texts.intro(purpose)}</p>
            <button type="button" onClick={() => void start()}>
              {texts.start}
            </button>
          </>
        ) : (
          <form onSubmit={confirm}>
            <p>
              {texts.addKey} <code>{secret.secret}</code>
            </p>
            <p className="muted" style={{ overflowWrap: 'anywhere' }}>
              {texts.orOpen} <a href={secret.otpauthUrl}>{secret.otpauthUrl}</a>
            </p>
            <Field
              label={texts.codeLabel}
              value={code}
              onChange={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
            />
            <button type="submit">{texts.confirm}</button>
          </form>
        )}
        <ErrorNote message={error} />
      </div>
      {children}
    </main>
  );
}
