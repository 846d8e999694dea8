import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../ui/api';
import { ErrorNote, Field, Spinner } from '../ui/widgets';
import { PortalHeader, usePortalPage } from './branding';
import { portalErrorMessage } from './i18n/errors';
import { usePortalSession } from './session';

/**
 * Ask for a sign-in link by email. The answer is the same whether or not the address is known.
 * `notice`: why the client is here again (their link had expired), said above the form.
 */
export function RequestLink({ notice }: { notice?: string }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const { t } = useTranslation();
  const branding = usePortalPage(t('signIn.pageTitle'));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api('POST /portal/auth/email-link', { body: { email } });
      setSent(true);
    } catch (err) {
      setError(portalErrorMessage(err));
    }
  }
  return (
    <main>
      <form className="card narrow" onSubmit={submit} aria-labelledby="portal-signin">
        <ErrorNote message={notice} />
        <h1 id="portal-signin">
          {branding ? t('signIn.headingFirm', { firm: branding.firmName }) : t('signIn.heading')}
        </h1>
        {sent ? (
          <p role="status">{t('signIn.sent')}</p>
        ) : (
          <>
            <p>{branding ? t('signIn.introFirm', { firm: branding.firmName }) : t('signIn.intro')}</p>
            <Field
              label={t('signIn.email')}
              type="email"
              value={email}
              onChange={setEmail}
              required
              autoComplete="email"
              autoFocus
            />
            <ErrorNote message={error} />
            <button type="submit">{t('signIn.submit')}</button>
          </>
        )}
        <p className="sign-in-guide">
          {t('guide.newHere')} <Link to="/portal/guide">{t('guide.readGuide')}</Link>
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
  const { t } = useTranslation();
  usePortalPage(error ? t('signIn.pageTitle') : t('signIn.signingInTitle'));
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
      .catch(() => setError('expired'));
  }, [params, navigate, refresh]);
  if (error) {
    return (
      <>
        <PortalHeader />
        <RequestLink notice={t('signIn.expired')} />
      </>
    );
  }
  return (
    <>
      <PortalHeader />
      <main>
        <Spinner label={t('signIn.signingIn')} />
      </main>
    </>
  );
}
