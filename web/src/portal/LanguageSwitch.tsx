import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, LOCALES } from './i18n/catalog';
import { isLocale, setPortalLocale } from './i18n/i18n';
import { useOptionalPortalSession } from './session';

/**
 * The portal's language, in the top bar on every page (also before sign-in and on the quick-reply
 * page). Each language is named in itself ("Español"), so a reader finds theirs whatever is shown.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const session = useOptionalPortalSession();
  const id = useId();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  // The select lies over its face (the code on a phone, the name on a wider screen): it is what
  // is focused, named and operated; the face only shows the choice compactly.
  return (
    <span className="lang-switch">
      <span className="lang-face" aria-hidden="true">
        <span className="lang-code">{locale.toUpperCase()}</span>
        <span className="lang-name">{LOCALE_NAMES[locale]}</span>
        <span className="lang-caret">▾</span>
      </span>
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          const locale = e.target.value;
          if (!isLocale(locale)) return;
          if (session) void session.chooseLocale(locale).catch(() => {});
          else setPortalLocale(locale);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
