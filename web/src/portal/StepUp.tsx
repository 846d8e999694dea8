import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../ui/api';
import { LockIcon } from '../ui/icons';
import { ErrorNote, Field } from '../ui/widgets';
import { usePortalBrand } from './branding';
import { portalErrorMessage } from './i18n/errors';
import { usePortalSession } from './session';

/**
 * The unlock controls of a protected message, shown in the thread where the message is: get a code
 * (email, SMS, or the authenticator app) and verify. The code field takes the focus once a code was
 * asked for (not on page load, so a thread with protected messages does not jump to them).
 */
export function StepUp({ onVerified }: { onVerified: () => void }) {
  const { me } = usePortalSession();
  const firm = usePortalBrand().branding?.firmName;
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<'email' | 'sms' | 'totp' | null>(me?.totpEnabled ? 'totp' : null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(false);

  async function challenge(channel: 'email' | 'sms') {
    setError(undefined);
    try {
      await api('POST /portal/mfa/challenge', { body: { channel } });
      setSentTo(channel);
      setAsked(true);
    } catch (err) {
      setError(portalErrorMessage(err));
    }
  }

  async function verify(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST /portal/mfa/verify', { body: { code: code.trim() } });
      onVerified();
    } catch (err) {
      setError(portalErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="step-up" aria-label={t('stepUp.region')}>
      <p>
        <strong>
          <LockIcon />
          {t('stepUp.isProtected')}
        </strong>{' '}
        {firm ? t('stepUp.firmAsks', { firm }) : t('stepUp.confirm')}
      </p>
      {sentTo === null ? (
        <div className="toolbar">
          <button type="button" onClick={() => void challenge('email')}>
            {t('stepUp.emailCode')}
          </button>
          <button type="button" className="secondary" onClick={() => void challenge('sms')}>
            {t('stepUp.textCode')}
          </button>
        </div>
      ) : (
        <form onSubmit={verify}>
          <p className="muted">
            {sentTo === 'totp'
              ? t('stepUp.totpHint')
              : sentTo === 'email'
                ? t('stepUp.sentByEmail')
                : t('stepUp.sentBySms')}
          </p>
          <Field
            label={t('stepUp.code')}
            value={code}
            onChange={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            autoFocus={asked}
          />
          <div className="toolbar">
            <button type="submit" disabled={busy}>
              {t('stepUp.unlock')}
            </button>
            {sentTo !== 'totp' && (
              <button type="button" className="secondary" onClick={() => void challenge(sentTo)}>
                {t('stepUp.newCode')}
              </button>
            )}
          </div>
        </form>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
