import { FILE_BYTES_MAX } from '@parley/contracts/constants';
import { useTranslation } from 'react-i18next';
import { portalErrorMessage } from './i18n/errors';
import { intlLocale } from './i18n/i18n';
import { usePortalFormat } from './i18n/PortalI18n';
import type { ReplyFile } from './reply-uploads';

/** "about 3 minutes" from the pace so far; nothing until there is a pace to go by. */
function timeLeft(f: ReplyFile, now: number): { n: number; unit: 'second' | 'minute' | 'hour' } | null {
  const elapsed = (now - f.startedAt) / 1000;
  if (f.sent <= 0 || elapsed < 1) return null;
  const seconds = ((f.file.size - f.sent) * elapsed) / f.sent;
  if (seconds < 60) return { n: Math.max(1, Math.ceil(seconds / 5) * 5), unit: 'second' };
  if (seconds < 3600) return { n: Math.ceil(seconds / 60), unit: 'minute' };
  return { n: Math.round((seconds / 3600) * 10) / 10, unit: 'hour' };
}

/** The files of a reply, one row each: progress with bytes and time left, Cancel, Try again, Remove. */
export function ReplyFiles(props: {
  files: ReplyFile[];
  onRemove: (key: string) => void;
  onCancel: (key: string) => void;
  onRetry: (key: string) => void;
}) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  if (props.files.length === 0) return null;
  const now = Date.now();
  const unit = (n: number, u: string) =>
    new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  const limit = new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: 'gigabyte' }).format(
    FILE_BYTES_MAX / 1024 ** 3,
  );
  return (
    <ul className="list reply-files" aria-label={t('reply.files')}>
      {props.files.map((f) => {
        const name = f.file.name;
        const left = f.status === 'running' ? timeLeft(f, now) : null;
        return (
          <li key={f.key}>
            <span className="name">{name}</span>
            {f.status === 'running' && (
              <>
                <progress
                  value={f.file.size ? f.sent / f.file.size : 0}
                  max={1}
                  aria-label={t('reply.uploading', { name })}
                />
                <span className="muted">
                  {t('reply.progress', { sent: format.bytes(f.sent), total: format.bytes(f.file.size) })}
                  {left && ` · ${t('reply.timeLeft', { time: unit(left.n, left.unit) })}`}
                </span>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('reply.cancelOf', { name })}
                  onClick={() => props.onCancel(f.key)}
                >
                  {t('reply.cancel')}
                </button>
              </>
            )}
            {f.status === 'done' && (
              <span className="muted">{t('reply.uploaded', { size: format.bytes(f.file.size) })}</span>
            )}
            {f.status === 'tooLarge' && <span className="error">{t('reply.tooLarge', { limit })}</span>}
            {f.status === 'cancelled' && <span className="muted">{t('reply.cancelled')}</span>}
            {f.status === 'failed' && <span className="error">{portalErrorMessage(f.error)}</span>}
            {(f.status === 'cancelled' || f.status === 'failed') && (
              <button
                type="button"
                className="secondary"
                aria-label={t('reply.retryOf', { name })}
                onClick={() => props.onRetry(f.key)}
              >
                {t('reply.retry')}
              </button>
            )}
            <button
              type="button"
              className="secondary"
              aria-label={t('reply.removeOf', { name })}
              onClick={() => props.onRemove(f.key)}
            >
              {t('reply.remove')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
