import 'i18next';
import type { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The guide's sections are read whole (`catalogue().guideSections`): key paths into arrays
    // would make the key type too deep for the compiler.
    resources: { translation: Omit<typeof en, 'guideSections'> };
    returnNull: false;
  }
}
