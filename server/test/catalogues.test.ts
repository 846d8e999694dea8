/**
 * Issue 13 item 7: every text a client reads exists in English and Spanish. The portal's catalogues
 * (web/src/portal/i18n/en.ts, es.ts) and the server's client emails and SMS
 * (modules/notifications/email-texts.ts) must have the same keys in both languages; a plural's
 * Spanish `_many` form is allowed beside its `_other`. Imported by URL: they are the web app's files.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emailCatalogues } from '../src/modules/notifications/email-texts';

const web = (file: string) =>
  pathToFileURL(path.resolve(import.meta.dirname, '../../web/src/portal/i18n', file)).href;

/** Every leaf's path ("home.heading", "guideSections.sign-in.paragraphs.0"). */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string' || typeof value === 'function') return [prefix];
  if (Array.isArray(value))
    return value.length ? value.flatMap((v, i) => keys(v, `${prefix}.${i}`)) : [`${prefix}[]`];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  throw new Error(`${prefix} is neither text nor a group of texts`);
}

/** Keys, with Spanish `_many` plural forms checked to stand beside an `_other` and then left out. */
function comparable(catalogue: unknown): string[] {
  const all = keys(catalogue);
  const many = all.filter((k) => k.endsWith('_many'));
  for (const k of many) expect(all, `${k} has no _other form`).toContain(k.replace(/_many$/, '_other'));
  return all.filter((k) => !k.endsWith('_many')).sort();
}

/** Arrays (the guide's paragraphs) may differ in length between languages; their paths are reduced. */
const shape = (ks: string[]) => [...new Set(ks.map((k) => k.replace(/\.\d+$/, '[]')))].sort();

describe('catalogues', () => {
  it('the portal has the same keys in English and Spanish, none empty', async () => {
    const { en } = await import(web('en.ts'));
    const { es } = await import(web('es.ts'));
    expect(shape(comparable(es))).toEqual(shape(comparable(en)));
    const empty = (c: unknown) => JSON.stringify(c).includes('""');
    expect(empty(en) || empty(es)).toBe(false);
  });

  it('the client emails and SMS have the same texts in English and Spanish, each naming as much', () => {
    const { en, es } = emailCatalogues;
    expect(keys(es).sort()).toEqual(keys(en).sort());
    // A text that names the firm, the matter or a code names it in both languages.
    const arity = (c: unknown) =>
      keys(c).map((k) => {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], c);
        return `${k}/${typeof v === 'function' ? v.length : 's'}`;
      });
    expect(arity(es).sort()).toEqual(arity(en).sort());
    expect(es.lang).toBe('es');
  });

  it('finds a key missing in either catalogue (the check itself works)', () => {
    const en = { a: { b: 'x', c_one: 'y', c_other: 'z' } };
    expect(shape(comparable({ a: { b: 'x', c_one: 'y', c_many: 'w', c_other: 'z' } }))).toEqual(
      shape(comparable(en)),
    );
    expect(shape(comparable({ a: { c_one: 'y', c_other: 'z' } }))).not.toEqual(shape(comparable(en)));
    expect(shape(comparable({ a: { b: 'x', c_one: 'y', c_other: 'z', d: 'q' } }))).not.toEqual(
      shape(comparable(en)),
    );
  });
});
