import { ApiError, errorMessage } from '../../ui/api';
import { formatBytes } from '../../ui/format';
import { en } from './en';
import { currentLocale, intlLocale, portalI18n } from './i18n';

type Known = Exclude<keyof typeof en.errors, 'other' | 'file_too_large_unknown'>;
const known = (code: string): code is Known => code in en.errors && code !== 'other';

/**
 * What to show a client for a failure, in the portal's language. In English it is the staff app's
 * sentence (`ui/errors.ts`, which may use the server's own words, naming what is involved); in
 * another language the catalogue's `errors.<code>`, since the server writes in English.
 */
export function portalErrorMessage(error: unknown): string {
  if (currentLocale() === 'en') return errorMessage(error);
  const t = portalI18n.t;
  const code = error instanceof ApiError ? error.code : 'network';
  if (code === 'file_too_large') {
    const limit =
      error instanceof ApiError ? (error.details as { limit?: unknown } | undefined)?.limit : undefined;
    return typeof limit === 'number'
      ? t('errors.file_too_large', { limit: formatBytes(limit, intlLocale()) })
      : t('errors.file_too_large_unknown');
  }
  return known(code) ? t(`errors.${code}`) : t('errors.other');
}
