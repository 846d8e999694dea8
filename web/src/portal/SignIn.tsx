import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../ui/api';
import { ErrorNote, Field, Spinner } from '../ui/widgets';
import { PortalHeader, usePortalPage } from './branding';
import { guideTexts } from './guide-texts';
import { usePortalSession } from './session';

/**
 * Ask for a sign-in link by email. The answer is the same whether or not the address is known.
 * `notice`: why the client is here again (their link had expired), said above the form.
 */
export function RequestLink({ notice }: { notice?: string }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const branding = usePortalPage('Sign in');
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api('POST /portal/auth/email-link', { body: { email } });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <main>
      <form className="card narrow" onSubmit={submit} aria-labelledby="portal-signin">
        <ErrorNote message={notice} />
        <h1 id="portal-signin">
          {branding ? `Sign in to the ${branding.firmName} client portal` : 'Sign in to your client portal'}
        </h1>
        {sent ? (
          <p role="status">
            If this address is known to us, a sign-in link is on its way. It works once, for 15 minutes.
          </p>
        ) : (
          <>
            <p>
              {branding
                ? `Your private messages and documents from ${branding.firmName}. We'll email you a link to sign in. No password needed.`
                : "We'll email you a link to sign in. No password needed."}
            </p>
            <Field
              label="Email"
              type="email"
              value={email}
              onChange={setEmail}
              required
              autoComplete="email"
              autoFocus
            />
            <ErrorNote message={error} />
            <button type="submit">Email me a sign-in link</button>
          </>
        )}
        <p className="sign-in-guide">
          {guideTexts.newHere} <Link to="/portal/guide">{guideTexts.readGuide}</Link>
        </p>
      </form>
    </main>
  );
}

/** /portal/sign-in?token=…: exchange the emailed token for a session, then go to the portal. */
export function ExchangeToken() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { refresh } = usePortalSession();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  usePortalPage(error ? 'Sign in' : 'Signing in');
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = params.get('token') ?? '';
    // Drop the token from the address bar and history at once.
    window.history.replaceState(null, '', '/portal/sign-in');
    api('POST /portal/auth/exchange', { body: { token } })
      .then(async () => {
        await refresh();
        navigate('/portal', { replace: true });
      })
      .catch(() => setError('This sign-in link has expired or was already used. Ask for a new one below.'));
  }, [params, navigate, refresh]);
  if (error) {
    return (
      <>
        <PortalHeader />
        <RequestLink notice={error} />
      </>
    );
  }
  return (
    <>
      <PortalHeader />
      <main>
        <Spinner label="Signing you in" />
      </main>
    </>
  );
}
