import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../ui/api';
import type { PortalMessage } from '../../ui/api-types';
import { ErrorNote } from '../../ui/widgets';
import { portalErrorMessage } from '../i18n/errors';
import { readQuickDraft, writeQuickDraft } from './quick-storage';

/**
 * The reply box of a quick-reply page. What is typed is kept in this browser per link until it is
 * sent (a reload, an error or an expired link loses nothing); a retry after a lost answer carries the
 * same `clientMessageId`, so it is posted once.
 */
export function QuickReplyForm(props: {
  token: string;
  firmName: string;
  signInHref: string;
  onSent: (message: PortalMessage) => void;
}) {
  const [body, setBodyState] = useState(() => readQuickDraft(props.token));
  const [error, setError] = useState<{ text: string; expired: boolean }>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const clientMessageId = useRef(crypto.randomUUID());
  const { t } = useTranslation();

  const setBody = (text: string) => {
    setBodyState(text);
    writeQuickDraft(props.token, text);
    if (text) setSent(false);
  };

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setError({ text: t('quick.writeFirst'), expired: false });
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const message = await api('POST /quick/:token/messages', {
        params: { token: props.token },
        body: { body, clientMessageId: clientMessageId.current },
      });
      clientMessageId.current = crypto.randomUUID();
      setBody('');
      setSent(true);
      props.onSent(message);
    } catch (err) {
      const expired = err instanceof ApiError && err.status === 404;
      setError({
        text: expired ? t('quick.expiredNotSent') : t('quick.notSent', { error: portalErrorMessage(err) }),
        expired,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card composer quick-composer"
      onSubmit={send}
      aria-label={t('quick.replyLabel')}
      noValidate
    >
      {sent && (
        <p role="status" className="quick-sent">
          <span aria-hidden="true">✓</span> {t('quick.sent', { firm: props.firmName })}
        </p>
      )}
      <div className="field">
        <label htmlFor="quick-body">{t('quick.replyLabel')}</label>
        <textarea
          id="quick-body"
          value={body}
          maxLength={MESSAGE_BODY_MAX}
          onChange={(e) => setBody(e.target.value)}
          aria-describedby="quick-body-hint"
          rows={4}
        />
        <p id="quick-body-hint" className="muted quick-hint">
          {t('quick.hint')}
        </p>
      </div>
      <ErrorNote message={error?.text} />
      {error?.expired && (
        <p>
          <a className="button secondary" href={props.signInHref}>
            {t('quick.signInPortal')}
          </a>
        </p>
      )}
      <div className="quick-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('quick.sending') : t('quick.send')}
        </button>
      </div>
    </form>
  );
}
