import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { envSchema } from './config';

/**
 * docs/configuration.md is the configuration reference: every variable of config.ts's schema is
 * listed there, nothing else is, and a default written in backticks is the schema's own.
 */
const doc = fs.readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/configuration.md'),
  'utf8',
);
const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)].map((m) => ({
  name: m[1]!,
  defaultColumn: m[2]!.trim(),
}));
const schemaNames = Object.keys(envSchema.shape);

it('docs/configuration.md lists every variable of the schema, and no other', () => {
  const documented = rows.map((r) => r.name);
  const missing = schemaNames.filter((n) => !documented.includes(n));
  const stale = documented.filter((n) => !schemaNames.includes(n));
  expect(missing, 'add a row for each to docs/configuration.md').toEqual([]);
  expect(stale, 'these are no longer in server/src/config.ts: remove their rows').toEqual([]);
  expect(documented.length, 'a variable listed twice').toBe(new Set(documented).size);
});

it('the defaults it writes in backticks are the schema’s; the others have none in the schema', () => {
  const defaults = envSchema.parse({}) as Record<string, unknown>;
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  for (const { name, defaultColumn } of rows) {
    const literal = /^`([^`]*)`$/.exec(defaultColumn)?.[1];
    if (literal !== undefined) expect(shown(defaults[name]), name).toBe(literal);
    else expect(defaults[name], `${name} has a default in the schema: write it in backticks`).toBeUndefined();
  }
});
