import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../ui/api';
import type { QuickReplyView } from '../../ui/api-types';
import { LoadError, Spinner } from '../../ui/widgets';
import { PortalBrandProvider, PortalHeader, usePortalPage } from '../branding';
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
  const title = view
    ? `Reply about ${view.matter.title}`
    : load.state === 'expired'
      ? 'Link expired'
      : 'Reply';
  const branding = usePortalPage(title, firmId);
  const firmName = view?.firmName ?? branding?.firmName;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is Try again
  useEffect(() => {
    const controller = new AbortController();
    api('GET /quick/:token', { params: { token }, signal: controller.signal })
      .then((v) => {
        writeQuickFirm(v.firm.id);
        setLoad({ state: 'ready', view: v });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 404) setLoad({ state: 'expired' });
        else setLoad({ state: 'error', message: errorMessage(err) });
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
        {load.state === 'loading' && <Spinner label="Loading your messages" />}
        {load.state === 'expired' && <Expired token={token} firmName={firmName} href={signInHref(firmId)} />}
        {load.state === 'error' && (
          <LoadError
            title="We could not load your messages"
            message={load.message}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
        {view && (
          <>
            <p className="quick-eyebrow">Messages from {view.firmName} about</p>
            <h1>{view.matter.title}</h1>
            <div className="quick-portal-note">
              <p>Files, shared folders and protected messages open in your secure client portal.</p>
              <a className="button secondary" href={signInHref(view.firm.id)}>
                Sign in to see files
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
  return (
    <div className="card quick-expired">
      <h1>This link has expired</h1>
      <p>
        Links in text messages work for 7 days, and stop working when you are no longer in the conversation.
      </p>
      <p>
        Ask {firmName ?? 'your firm'} for a new one, or sign in to your client portal to read your messages
        and reply.
      </p>
      <a className="button" href={href}>
        Sign in to the client portal
      </a>
      {draft && (
        <div className="field quick-unsent">
          <label htmlFor="quick-unsent">Your unsent reply (kept on this device)</label>
          <textarea id="quick-unsent" readOnly value={draft} rows={4} />
        </div>
      )}
    </div>
  );
}
