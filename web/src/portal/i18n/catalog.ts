/**
 * The shape every portal catalogue has: the English one's keys, every text a string. A plural key
 * (`x_one`, `x_other`) may add `x_many` (Spanish has that form, for a million and more).
 */
type Widen<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? readonly Widen<U>[]
    : { -readonly [K in keyof T]: Widen<T[K]> } & {
        [K in keyof T as K extends `${infer B}_other` ? `${B}_many` : never]?: string;
      };

export type Catalog<T> = Widen<T>;

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, the same in every catalogue. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
