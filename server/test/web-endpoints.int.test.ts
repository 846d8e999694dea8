/**
 * The web app's route table (`web/src/ui/endpoints.ts`) names, for every route it calls, the contract
 * schemas of its body, query and answer. Types cannot be checked at run time, so this reads that table
 * and checks each entry against the server's own route spec: the route exists, and each schema named
 * there is the one the server validates with (compared as JSON Schema).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as C from '@parley/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestEnv, type TestEnv } from './helpers';

const table = fs.readFileSync(path.resolve(import.meta.dirname, '../../web/src/ui/endpoints.ts'), 'utf8');

/** Routes whose body the handler parses itself (multipart or JSON), so the spec names none. */
const BODY_PARSED_IN_HANDLER = new Set([
  'POST /matters/:id/documents',
  'POST /documents/:id/versions',
  'PUT /firm/logo',
]);

interface Entry {
  key: string;
  response: string;
  body: string;
  query: string;
}

/** `'GET /x': Route<A, B, C>;` → its three type arguments, as written. */
function entries(): Entry[] {
  const found: Entry[] = [];
  const start = /'([A-Z]+ \/[^']*)':\s*Route</g;
  for (let m = start.exec(table); m; m = start.exec(table)) {
    let depth = 1;
    let i = start.lastIndex;
    const args: string[] = [''];
    for (; depth > 0; i++) {
      const c = table[i]!;
      if (c === '<') depth++;
      if (c === '>') depth--;
      if (depth === 0) break;
      if (c === ',' && depth === 1) args.push('');
      else args[args.length - 1] += c;
    }
    const [response = '', body = 'undefined', query = 'undefined'] = args
      .map((a) => a.trim())
      .filter(Boolean);
    found.push({ key: m[1]!, response, body, query });
  }
  return found;
}

const contracts = C as unknown as Record<string, z.ZodType>;

/** `Out<typeof C.x>`, `In<typeof C.x>`, `QueryOf<typeof C.x>`, `PageOf<typeof C.x>` or `undefined`. */
function schemaOf(written: string): z.ZodType | undefined {
  if (written === 'undefined') return undefined;
  const m = /^(Out|In|QueryOf|PageOf)<typeof C\.(\w+)>$/.exec(written.replace(/\s+/g, ' ').trim());
  if (!m) throw new Error(`cannot read "${written}"`);
  const schema = contracts[m[2]!];
  if (!schema) throw new Error(`contracts has no ${m[2]}`);
  return m[1] === 'PageOf' ? C.page(schema) : schema;
}

const json = (s: z.ZodType | undefined, io: 'input' | 'output') =>
  s === undefined ? undefined : z.toJSONSchema(s, { io, unrepresentable: 'any' });

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

it('every route of the web app exists on the server with the schemas the web app takes its types from', () => {
  const list = entries();
  expect(list.length).toBeGreaterThan(60);
  const specs = new Map(env.deps.routes.map((r) => [`${r.method} ${r.url}`, r]));
  for (const entry of list) {
    const spec = specs.get(entry.key);
    expect(spec, `${entry.key} is not a server route`).toBeDefined();
    if (!spec) continue;
    if (entry.response === 'Blob') {
      // The web app reads these answers as bytes: the route streams a file, with no JSON schema.
      expect(spec.response, `${entry.key} answers bytes, not JSON`).toBeUndefined();
      expect(spec.status, `${entry.key} answers bytes`).not.toBe(204);
    } else {
      expect(json(schemaOf(entry.response), 'output'), `${entry.key} answer`).toEqual(
        json(spec.status === 204 ? undefined : spec.response, 'output'),
      );
    }
    if (!BODY_PARSED_IN_HANDLER.has(entry.key)) {
      expect(json(schemaOf(entry.body), 'input'), `${entry.key} body`).toEqual(json(spec.body, 'input'));
    }
    expect(json(schemaOf(entry.query), 'input'), `${entry.key} query`).toEqual(json(spec.query, 'input'));
  }
});
