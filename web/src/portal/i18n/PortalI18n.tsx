import { type ReactNode, useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { formatBytes, formatTime } from '../../ui/format';
import { currentLocale, intlLocale, portalI18n } from './i18n';

/** The portal's language for everything inside; the page's `lang` follows it (screen readers, hyphenation). */
export function PortalI18n({ children }: { children: ReactNode }) {
  return (
    <I18nextProvider i18n={portalI18n}>
      <DocumentLang />
      {children}
    </I18nextProvider>
  );
}

function DocumentLang() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  useEffect(() => {
    const root = document.documentElement;
    const before = root.lang;
    root.lang = lang;
    return () => {
      root.lang = before;
    };
  }, [lang]);
  return null;
}

/** Times and sizes in the portal's language (`Intl`), re-rendered when it changes. */
export function usePortalFormat() {
  const { i18n } = useTranslation();
  void i18n.language; // subscribes the caller to language changes
  const tag = intlLocale();
  return {
    locale: currentLocale(),
    time: (iso: string) => formatTime(iso, tag),
    bytes: (n: number) => formatBytes(n, tag),
  };
}
