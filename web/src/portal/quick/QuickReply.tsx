import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../ui/api';
import type { QuickReplyView } from '../../ui/api-types';
import { LoadError, Spinner } from '../../ui/widgets';
import { PortalBrandProvider, PortalHeader, usePortalPage } from '../branding';
import { portalErrorMessage } from '../i18n/errors';
import { setPortalLocale, storedLocale } from '../i18n/i18n';
import { PortalI18n } from '../i18n/PortalI18n';
import { QuickMessages } from './QuickMessages';
import { QuickReplyForm } from './QuickReplyForm';
import { readQuickDraft, readQuickFirm, writeQuickFirm } from './quick-storage';
import './quick-reply.css';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; view: QuickReplyView }
  | { state: 'expired' }
  | { state: 'error'; message: string };

/** Where "Sign in" goes: the portal's sign-in page, in this firm's brand. */
const signInHref = (firmId: string | undefined) =>
  firmId ? `/portal?firm=${encodeURIComponent(firmId)}` : '/portal';

/**
 * /r/:token, from an SMS: the firm, the matter, the last messages (files and folders named, protected
 * ones locked) and a reply box, without signing in. The firm's brand shows from the first frame (the
 * firm of the last link opened here, else `GET /branding`'s default), also when the link is dead.
 */
export function QuickReply() {
  return (
    <PortalI18n>
      <PortalBrandProvider>
        <QuickReplyPage />
      </PortalBrandProvider>
    </PortalI18n>
  );
}

function QuickReplyPage() {
  const { token = '' } = useParams();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const view = load.state === 'ready' ? load.view : undefined;
  const firmId = view?.firm.id ?? readQuickFirm();
  const { t } = useTranslation();
  const title = view
    ? t('quick.titleAbout', { matter: view.matter.title })
    : load.state === 'expired'
      ? t('quick.titleExpired')
      : t('quick.title');
  const branding = usePortalPage(title, firmId);
  const firmName = view?.firmName ?? branding?.firmName;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is Try again
  useEffect(() => {
    const controller = new AbortController();
    api('GET /quick/:token', { params: { token }, signal: controller.signal })
      .then((v) => {
        writeQuickFirm(v.firm.id);
        // The language of the link's person (their choice, else the firm's), unless one was chosen here.
        if (!storedLocale()) setPortalLocale(v.locale, { remember: false });
        setLoad({ state: 'ready', view: v });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 404) setLoad({ state: 'expired' });
        else setLoad({ state: 'error', message: portalErrorMessage(err) });
      });
    return () => controller.abort();
  }, [token, attempt]);

  const onSent = useCallback(
    (message: QuickReplyView['messages'][number]) =>
      setLoad((l) =>
        l.state === 'ready'
          ? {
              ...l,
              view: { ...l.view, messages: [...l.view.messages.filter((m) => m.id !== message.id), message] },
            }
          : l,
      ),
    [],
  );

  return (
    <div className="quick-page">
      <PortalHeader />
      <main>
        {load.state === 'loading' && <Spinner label={t('quick.loading')} />}
        {load.state === 'expired' && <Expired token={token} firmName={firmName} href={signInHref(firmId)} />}
        {load.state === 'error' && (
          <LoadError
            title={t('quick.loadFailed')}
            message={load.message}
            retryLabel={t('common.tryAgain')}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {view && (
          <>
            <p className="quick-eyebrow">{t('quick.eyebrow', { firm: view.firmName })}</p>
            <h1>{view.matter.title}</h1>
            <div className="quick-portal-note">
              <p>{t('quick.portalNote')}</p>
              <a className="button secondary" href={signInHref(view.firm.id)}>
                {t('quick.signInToSee')}
              </a>
            </div>
            <QuickMessages messages={view.messages} signInHref={signInHref(view.firm.id)} />
            <QuickReplyForm
              token={token}
              firmName={view.firmName}
              signInHref={signInHref(view.firm.id)}
              onSent={onSent}
            />
          </>
        )}
      </main>
    </div>
  );
}

/** A link that expired, or died when its person left the conversation: what to do, and any unsent reply. */
function Expired({ token, firmName, href }: { token: string; firmName: string | undefined; href: string }) {
  const [draft] = useState(() => readQuickDraft(token));
  const { t } = useTranslation();
  return (
    <div className="card quick-expired">
      <h1>{t('quick.expiredTitle')}</h1>
      <p>{t('quick.expiredWhy')}</p>
      <p>{t('quick.expiredWhat', { firm: firmName ?? t('quick.yourFirm') })}</p>
      <a className="button" href={href}>
        {t('quick.signInPortal')}
      </a>
      {draft && (
        <div className="field quick-unsent">
          <label htmlFor="quick-unsent">{t('quick.unsent')}</label>
          <textarea id="quick-unsent" readOnly value={draft} rows={4} />
        </div>
      )}
    </div>
  );
}
