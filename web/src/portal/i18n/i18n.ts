import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from './catalog';
import { en } from './en';
import { es } from './es';

/**
 * The portal's languages (issue 13 item 7, DESIGN.md rule 17). The language is, in order: the one
 * the signed-in client chose (`GET /portal/me` `locale`, remembered by the server), the one chosen
 * in this browser (before sign-in, or by someone who never signed in), the browser's
 * (`navigator.languages`), English. The staff app stays in English: only the portal and the
 * quick-reply page use this instance.
 */
const STORED = 'parley.portal.locale';

export const isLocale = (v: unknown): v is Locale => (LOCALES as readonly unknown[]).includes(v);

export function storedLocale(): Locale | undefined {
  try {
    const v = localStorage.getItem(STORED);
    return isLocale(v) ? v : undefined;
  } catch {
    return undefined; // storage refused (private mode): the browser's language then
  }
}

/** The first of the browser's languages that the portal speaks, else English. */
export function browserLocale(): Locale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export const portalI18n: i18n = i18next.createInstance();
void portalI18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: storedLocale() ?? browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

export const currentLocale = (): Locale => (isLocale(portalI18n.language) ? portalI18n.language : 'en');

/** Show the portal in `locale` and (unless told not to: a language the page was given) remember it here. */
export function setPortalLocale(locale: Locale, options: { remember: boolean } = { remember: true }): void {
  try {
    if (options.remember) localStorage.setItem(STORED, locale);
  } catch {
    // not remembered in this browser; the server still keeps a signed-in client's choice
  }
  if (portalI18n.language !== locale) void portalI18n.changeLanguage(locale);
}

/**
 * The tag for `Intl` formatting in the portal's language: the browser's own variant of it when it
 * has one (en-GB dates for a British browser), else the bare language.
 */
export function intlLocale(): string {
  const lang = currentLocale();
  return (navigator.languages ?? []).find((l) => l.toLowerCase().split('-')[0] === lang) ?? lang;
}

/** The whole catalogue of the portal's language, for the parts read as structures (the guide's sections). */
export const catalogue = () => (currentLocale() === 'es' ? es : en);
