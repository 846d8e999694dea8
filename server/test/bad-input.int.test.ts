/**
 * Bad input is a certainty: every route given wrong types, missing fields, huge strings, unknown
 * fields or a body that is not an object answers 400 `invalid_request` with details, never 500, and
 * changes nothing. Each route declares a valid example; variants are generated from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_BYTES,
  BAD_STRINGS,
  BAD_URL_PARTS,
  jsonWithBytesAt,
  pathLabel,
  rawMultipart,
  stringPaths,
  withStringAt,
} from './bad-bytes';
import { uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  databaseFingerprint,
  type SeededPortalUser,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  type TestEnv,
} from './helpers';

interface Example {
  /** A URL with real ids substituted. */
  url: () => string;
  /** A valid body (the variants are made from it). */
  body?: Record<string, unknown>;
  /** Fields that may be left out. */
  optional?: string[];
  /** Fields that accept null. */
  nullable?: string[];
  /** Query strings that must be refused. */
  badQueries?: string[];
  /** Who calls it: staff (the admin) by default, or a signed-in portal user. */
  as?: 'portal';
}

let env: TestEnv;
let admin: SeededStaff;
let portalUser: SeededPortalUser;
const ids = { matter: '', contact: '', staff: '', party: '', conversation: '', folder: '', document: '' };

const listQueries = [
  'limit=abc',
  'limit=0',
  'limit=100000',
  'limit=1.5',
  'cursor=not-a-cursor',
  'unknown=1',
  `q=${'x'.repeat(5000)}`,
];

const examples: Record<string, Example> = {
  'POST /auth/login': {
    url: () => '/auth/login',
    body: { email: 'a@b.test', password: 'x', totp: '123456' },
    optional: ['totp'],
  },
  'GET /staff': { url: () => '/staff', badQueries: listQueries.filter((q) => !q.startsWith('q=')) },
  'POST /staff': {
    url: () => '/staff',
    body: { name: 'N', email: 'n@example.test', role: 'staff', password: 'a long enough password' },
    optional: ['password'],
  },
  'PATCH /staff/:id': {
    url: () => `/staff/${ids.staff}`,
    body: { name: 'N', role: 'staff', active: true },
    optional: ['name', 'role', 'active'],
  },
  'POST /contacts': {
    url: () => '/contacts',
    body: { name: 'N', email: 'n@example.test', mobile: '+14155550100' },
    optional: ['email', 'mobile'],
    nullable: ['email', 'mobile'],
  },
  'GET /contacts': { url: () => '/contacts', badQueries: listQueries },
  'PATCH /contacts/:id': {
    url: () => `/contacts/${ids.contact}`,
    body: { name: 'N', email: 'n@example.test', mobile: '+14155550100' },
    optional: ['name', 'email', 'mobile'],
    nullable: ['email', 'mobile'],
  },
  'POST /matters': {
    url: () => '/matters',
    body: { title: 'T', number: 'N-1', restricted: false, staffIds: [] as string[] },
    optional: ['number', 'restricted', 'staffIds'],
    nullable: ['number'],
  },
  'GET /matters': { url: () => '/matters', badQueries: listQueries },
  'PATCH /matters/:id': {
    url: () => `/matters/${ids.matter}`,
    body: { title: 'T', number: 'N-1', restricted: false, staffIds: [] as string[] },
    optional: ['title', 'number', 'restricted', 'staffIds'],
    nullable: ['number'],
  },
  'POST /matters/:id/parties': {
    url: () => `/matters/${ids.matter}/parties`,
    body: { contactId: 'c', role: 'Client' },
  },
  'PATCH /matters/:id/parties/:partyId': {
    url: () => `/matters/${ids.matter}/parties/${ids.matter}`,
    body: { role: 'Witness' },
  },
  'POST /auth/totp/confirm': { url: () => '/auth/totp/confirm', body: { code: '123456' } },
  'POST /auth/password': {
    url: () => '/auth/password',
    body: { currentPassword: 'x', newPassword: 'a long enough password' },
  },
  'POST /staff/:id/password': {
    url: () => `/staff/${ids.staff}/password`,
    body: { password: 'a long enough password' },
    optional: ['password'],
  },
  'PATCH /firm': {
    url: () => '/firm',
    body: {
      name: 'Firm',
      brandColor: '#1f3a5f',
      welcomeText: 'Welcome',
      timeZone: 'Europe/London',
      quietHours: { start: '21:00', end: '07:00' },
      defaultLocale: 'en',
      requireStaffTotp: false,
    },
    optional: [
      'name',
      'brandColor',
      'welcomeText',
      'timeZone',
      'quietHours',
      'defaultLocale',
      'requireStaffTotp',
    ],
    nullable: ['welcomeText', 'quietHours'],
  },
  'GET /branding': {
    url: () => '/branding',
    badQueries: ['firm=', `firm=${'x'.repeat(200)}`, 'unknown=1'],
  },
  'GET /branding/logo': {
    url: () => '/branding/logo',
    badQueries: ['', 'firm=', `firm=f&v=${'x'.repeat(200)}`, 'firm=f&unknown=1'],
  },
  'POST /portal/auth/email-link': { url: () => '/portal/auth/email-link', body: { email: 'a@b.test' } },
  'POST /portal/auth/exchange': { url: () => '/portal/auth/exchange', body: { token: 'abc' } },
  'PATCH /portal/me': {
    url: () => '/portal/me',
    body: { locale: 'es', name: 'N' },
    optional: ['locale', 'name'],
    as: 'portal',
  },
  'POST /portal/mfa/challenge': {
    url: () => '/portal/mfa/challenge',
    body: { channel: 'email' },
    as: 'portal',
  },
  'POST /portal/mfa/verify': { url: () => '/portal/mfa/verify', body: { code: '123456' }, as: 'portal' },
  'POST /portal/mfa/totp/confirm': {
    url: () => '/portal/mfa/totp/confirm',
    body: { code: '123456' },
    as: 'portal',
  },
  // A quick-reply link needs no sign-in: the body is checked before the token.
  'POST /quick/:token/messages': { url: () => `/quick/${'t'.repeat(43)}/messages`, body: { body: 'Thanks' } },
  'GET /portal/conversations': {
    url: () => '/portal/conversations',
    badQueries: listQueries.filter((q) => !q.startsWith('q=')),
    as: 'portal',
  },
  'GET /portal/documents': {
    url: () => '/portal/documents',
    badQueries: listQueries.filter((q) => !q.startsWith('q=')),
    as: 'portal',
  },
  'GET /portal/conversations/:id/messages': {
    url: () => `/portal/conversations/${ids.conversation}/messages`,
    badQueries: ['after=-1', 'after=abc', 'before=0', 'limit=0', 'limit=1000', 'unknown=1'],
    as: 'portal',
  },
  'POST /portal/conversations/:id/messages': {
    url: () => `/portal/conversations/${ids.conversation}/messages`,
    // An empty or missing body is fine next to uploads; without both there is nothing to send.
    body: { uploadIds: ['u1'], clientMessageId: 'c1' },
    optional: ['clientMessageId'],
    as: 'portal',
  },
  'POST /portal/conversations/:id/read': {
    url: () => `/portal/conversations/${ids.conversation}/read`,
    body: { seq: 1 },
    as: 'portal',
  },
  'GET /conversations': {
    url: () => '/conversations',
    badQueries: [...listQueries, 'kind=bogus', 'unread=yes', 'unread=1'],
  },
  'POST /conversations': {
    url: () => '/conversations',
    body: { kind: 'channel', title: 'T', staffIds: [] as string[] },
    optional: ['staffIds'],
  },
  'POST /matters/:id/conversations': {
    url: () => `/matters/${ids.matter}/conversations`,
    body: { kind: 'internal', staffIds: [] as string[], title: 'T' },
    optional: ['staffIds', 'title'],
    nullable: ['title'],
  },
  'POST /conversations/:id/participants': {
    url: () => `/conversations/${ids.conversation}/participants`,
    body: { staffIds: ['s'] },
  },
  'GET /conversations/:id/messages': {
    url: () => `/conversations/${ids.conversation}/messages`,
    badQueries: ['after=-1', 'after=abc', 'before=0', 'limit=0', 'limit=1000', 'unknown=1'],
  },
  'POST /conversations/:id/messages': {
    url: () => `/conversations/${ids.conversation}/messages`,
    body: { body: 'hello', sendAsSms: false, requireMfa: false, clientMessageId: 'c-1' },
    optional: ['sendAsSms', 'requireMfa', 'clientMessageId'],
  },
  'POST /matters/:id/messages': {
    url: () => `/matters/${ids.matter}/messages`,
    body: { body: 'hello', staffIds: ['s'] },
    optional: ['staffIds'],
  },
  'POST /conversations/:id/read': { url: () => `/conversations/${ids.conversation}/read`, body: { seq: 1 } },
  'GET /matters/:id/files': {
    url: () => `/matters/${ids.matter}/files`,
    badQueries: ['folderId=', `folderId=${'x'.repeat(200)}`, 'unknown=1'],
  },
  'POST /matters/:id/folders': {
    url: () => `/matters/${ids.matter}/folders`,
    body: { name: 'F', parentId: 'p' },
    optional: ['parentId'],
  },
  // JSON forms of the upload routes (their multipart forms are tested in files.int.test.ts).
  'POST /matters/:id/documents': {
    url: () => `/matters/${ids.matter}/documents`,
    body: { uploadId: 'u', folderId: 'f', name: 'n.txt' },
    optional: ['folderId', 'name'],
  },
  'POST /documents/:id/versions': {
    url: () => `/documents/${ids.document}/versions`,
    body: { uploadId: 'u' },
  },
  'PATCH /folders/:id': { url: () => `/folders/${ids.folder}`, body: { name: 'F2' } },
  'PATCH /documents/:id': { url: () => `/documents/${ids.document}`, body: { name: 'D2.txt' } },
  'GET /documents/:id/content': {
    url: () => `/documents/${ids.document}/content`,
    badQueries: ['versionId=', 'unknown=1'],
  },
  'POST /matters/:id/send': {
    url: () => `/matters/${ids.matter}/send`,
    body: { documentIds: ['d'], partyIds: ['p'], message: { body: 'hi' } },
    optional: ['message'],
  },
  'POST /matters/:id/share': {
    url: () => `/matters/${ids.matter}/share`,
    body: { documentIds: ['d'], folderIds: ['f'], partyIds: ['p'], message: { body: 'hi' } },
    optional: ['documentIds', 'folderIds', 'message'],
  },
  'GET /matters/:id/shares': {
    url: () => `/matters/${ids.matter}/shares`,
    badQueries: ['documentId=', `folderId=${'x'.repeat(200)}`, 'unknown=1'],
  },
  'GET /portal/shares/:id/files': {
    url: () => '/portal/shares/s/files',
    badQueries: ['folderId=', `folderId=${'x'.repeat(200)}`, 'unknown=1'],
    as: 'portal',
  },
  'DELETE /me/sessions': {
    url: () => '/me/sessions',
    badQueries: ['', 'others=false', 'others=1', 'others=true&unknown=1'],
  },
  'DELETE /portal/me/sessions': {
    url: () => '/portal/me/sessions',
    badQueries: ['', 'others=false', 'others=yes'],
    as: 'portal',
  },
  'GET /search': {
    url: () => '/search',
    badQueries: ['q=', 'limit=0', 'limit=abc', `q=${'x'.repeat(600)}`, 'q=a&unknown=1'],
  },
};

const huge = 'x'.repeat(20_000);

/** Values of the wrong JSON type for a field whose valid example is `value`. */
function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [123, true, [], {}, [value]];
  if (typeof value === 'boolean') return ['yes', 1, [], {}];
  if (Array.isArray(value)) return ['x', 1, {}, [1], [{}], [huge]];
  return ['x', true];
}

interface Variant {
  label: string;
  body?: unknown;
  rawPayload?: string;
  contentType?: string;
}

function variants(example: Example): Variant[] {
  const body = example.body!;
  const out: Variant[] = [
    { label: 'unknown field', body: { ...body, surprise: 1 } },
    { label: 'array body', body: [body] },
    { label: 'string body', rawPayload: '"hello"', contentType: 'application/json' },
    { label: 'null body', rawPayload: 'null', contentType: 'application/json' },
    { label: 'number body', rawPayload: '42', contentType: 'application/json' },
    { label: 'broken JSON', rawPayload: '{"a":', contentType: 'application/json' },
    { label: 'empty JSON body', rawPayload: '', contentType: 'application/json' },
    { label: 'form body', rawPayload: 'a=b', contentType: 'application/x-www-form-urlencoded' },
    { label: 'over the body limit', body: { ...body, surprise: 'y'.repeat(2 * 1024 * 1024) } },
  ];
  for (const [field, value] of Object.entries(body)) {
    if (!example.optional?.includes(field)) {
      const { [field]: _dropped, ...rest } = body;
      out.push({ label: `missing ${field}`, body: rest });
    }
    for (const wrong of wrongTypes(value))
      out.push({
        label: `${field} = ${JSON.stringify(wrong).slice(0, 20)}`,
        body: { ...body, [field]: wrong },
      });
    if (typeof value === 'string') {
      out.push({ label: `${field} huge`, body: { ...body, [field]: huge } });
      out.push({ label: `${field} empty`, body: { ...body, [field]: '' } });
    }
    if (!example.nullable?.includes(field))
      out.push({ label: `${field} null`, body: { ...body, [field]: null } });
  }
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  const seeded = await seedFirm(env.deps);
  admin = seeded.admin;
  portalUser = await seedPortalUser(env.deps, seeded.firm.id);
  ids.matter = (await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'M' } })).json().id;
  ids.contact = (await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 'C' } })).json().id;
  ids.staff = (
    await call(env.app, 'POST', '/staff', {
      as: admin,
      body: { name: 'S', email: 's@example.test', role: 'staff' },
    })
  ).json().id;
  ids.folder = (
    await call(env.app, 'POST', `/matters/${ids.matter}/folders`, { as: admin, body: { name: 'Folder' } })
  ).json().id;
  ids.document = (
    await uploadFiles(env.app, admin, ids.matter, [{ name: 'd.txt', content: 'x' }])
  ).json().items[0].id;
  ids.conversation = (
    await call(env.app, 'POST', `/matters/${ids.matter}/conversations`, {
      as: admin,
      body: { kind: 'internal' },
    })
  ).json().id;
});
afterAll(() => env.close());

describe('bad input', () => {
  it('has an example for every route that takes a body or a list query', () => {
    const needing = env.deps.routes
      .filter((r) => r.body || (r.query && r.method === 'GET'))
      .map((r) => `${r.method} ${r.url}`);
    // The SMS provider's webhooks take signed forms: an unsigned body is refused (403) before it is
    // validated; signed malformed forms are tested in sms.int.test.ts.
    const signedForms = new Set(['POST /webhooks/sms/status', 'POST /webhooks/sms/inbound']);
    expect(needing.filter((r) => !examples[r] && !signedForms.has(r))).toEqual([]);
  });

  for (const [key, example] of Object.entries(examples)) {
    const method = key.split(' ')[0]!;
    if (example.body) {
      it(`${key}: every malformed body → 400 invalid_request, nothing changed`, async () => {
        const before = await databaseFingerprint(env.deps);
        for (const v of variants(example)) {
          const res = await call(env.app, method, example.url(), {
            as: example.as === 'portal' ? portalUser : admin,
            ...(v.rawPayload !== undefined
              ? { payload: v.rawPayload, headers: { 'content-type': v.contentType! } }
              : { body: v.body }),
          });
          expect(res.statusCode, `${v.label}: ${res.body.slice(0, 300)}`).toBe(400);
          const error = res.json().error;
          expect(error.code, v.label).toBe('invalid_request');
          expect(error.message.length, v.label).toBeGreaterThan(10);
        }
        expect(await databaseFingerprint(env.deps)).toBe(before);
      });
    }
    for (const query of example.badQueries ?? []) {
      it(`${key}?${query.slice(0, 30)} → 400`, async () => {
        const res = await call(env.app, method, `${example.url()}?${query}`, {
          as: example.as === 'portal' ? portalUser : admin,
        });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.code).toBe('invalid_request');
        expect(res.json().error.details).toBeDefined();
      });
    }
  }

  it('names the offending fields in details', async () => {
    const res = await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 5, extra: true } });
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toContain('body.name');
    expect(fields).toContain('body');
  });

  it('answers unknown paths and methods with a JSON 404', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['DELETE', '/api/v1/matters'],
    ] as const) {
      const res = await call(env.app, method, url, { as: admin });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});

/**
 * Bytes that cannot become stored text (NUL, lone surrogates, overlong or otherwise invalid UTF-8)
 * in any part of any route's request → 400 `invalid_request`, never 500, nothing changed. The
 * requests are generated from the route specs (every registered route, its path params and query
 * keys) and from the examples above (every string in every valid body, nested ones too).
 */
describe('bytes that cannot be stored', () => {
  const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
  const callerFor = (auth: string) => (auth === 'portal' ? portalUser : admin);

  /** The route's URL segments: the example's real ids where there is one, a placeholder otherwise. */
  function segmentsOf(spec: { method: string; url: string }): string[] {
    const example = examples[`${spec.method} ${spec.url}`];
    if (example) return example.url().split('/');
    return spec.url.split('/').map((s) => (s.startsWith(':') ? PLACEHOLDER : s));
  }

  async function expectRefused(
    failures: string[],
    label: string,
    request: Parameters<typeof call>[3] & { method: string; url: string },
  ) {
    const { method, url, ...options } = request;
    const res = await call(env.app, method, url, options);
    const code = String(res.headers['content-type'] ?? '').includes('json')
      ? res.json().error?.code
      : undefined;
    if (res.statusCode !== 400 || code !== 'invalid_request')
      failures.push(`${label}: ${res.statusCode} ${res.body.slice(0, 160)}`);
  }

  it('in any path parameter of any route', async () => {
    const before = await databaseFingerprint(env.deps);
    const failures: string[] = [];
    for (const spec of env.deps.routes) {
      const pattern = spec.url.split('/');
      const example = examples[`${spec.method} ${spec.url}`];
      for (const [i, segment] of pattern.entries()) {
        if (!segment.startsWith(':')) continue;
        for (const [label, bad] of BAD_URL_PARTS) {
          const segments = segmentsOf(spec);
          segments[i] = `x${bad}`;
          await expectRefused(failures, `${spec.method} ${spec.url} ${segment} ${label}`, {
            method: spec.method,
            url: segments.join('/'),
            as: callerFor(spec.auth),
            ...(example?.body ? { body: example.body } : {}),
          });
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('in any query value or query key of any route', async () => {
    const before = await databaseFingerprint(env.deps);
    const failures: string[] = [];
    for (const spec of env.deps.routes) {
      const shape = (spec.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
      const example = examples[`${spec.method} ${spec.url}`];
      const queries = [
        ...Object.keys(shape).flatMap((key) =>
          BAD_URL_PARTS.map(([l, bad]) => [`${key} ${l}`, `${key}=${bad}`]),
        ),
        ...BAD_URL_PARTS.map(([l, bad]) => [`key ${l}`, `k${bad}=1`]),
      ];
      for (const [label, query] of queries) {
        await expectRefused(failures, `${spec.method} ${spec.url}?${label}`, {
          method: spec.method,
          url: `${segmentsOf(spec).join('/')}?${query}`,
          as: callerFor(spec.auth),
          ...(example?.body ? { body: example.body } : {}),
        });
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('in any string of any JSON body, nested ones and field names too', async () => {
    const before = await databaseFingerprint(env.deps);
    const failures: string[] = [];
    for (const [key, example] of Object.entries(examples)) {
      if (!example.body) continue;
      const method = key.split(' ')[0]!;
      const as = example.as === 'portal' ? portalUser : admin;
      for (const path of stringPaths(example.body)) {
        for (const [label, bad] of BAD_STRINGS) {
          await expectRefused(failures, `${key} ${pathLabel(path)} ${label}`, {
            method,
            url: example.url(),
            as,
            body: withStringAt(example.body, path, bad),
          });
        }
        for (const [label, bytes] of BAD_BYTES) {
          await expectRefused(failures, `${key} ${pathLabel(path)} ${label}`, {
            method,
            url: example.url(),
            as,
            payload: jsonWithBytesAt(example.body, path, bytes),
            headers: { 'content-type': 'application/json' },
          });
        }
      }
      await expectRefused(failures, `${key} field name with NUL`, {
        method,
        url: example.url(),
        as,
        body: { ...example.body, 'a\u0000': 1 },
      });
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('in tus metadata, from staff and portal users; a deferred length is refused too', async () => {
    const before = await databaseFingerprint(env.deps);
    const failures: string[] = [];
    const tus = { 'tus-resumable': '1.0.0', 'upload-length': '3' };
    for (const as of [admin, portalUser]) {
      for (const key of ['filename', 'filetype']) {
        for (const [label, bytes] of BAD_BYTES) {
          const value = Buffer.from([0x61, ...bytes]).toString('base64');
          await expectRefused(failures, `${key} ${label}`, {
            method: 'POST',
            url: '/uploads',
            as,
            headers: { ...tus, 'upload-metadata': `${key} ${value}` },
          });
        }
      }
      await expectRefused(failures, 'Upload-Defer-Length', {
        method: 'POST',
        url: '/uploads',
        as,
        headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1' },
      });
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('in multipart file names and fields; a form without boundary or cut short → 400', async () => {
    const before = await databaseFingerprint(env.deps);
    const failures: string[] = [];
    const file = (disposition: Buffer | string) => ({ disposition, content: 'abc' });
    const forms: [string, ReturnType<typeof rawMultipart>][] = [
      ...BAD_BYTES.map(([label, bytes]): [string, ReturnType<typeof rawMultipart>] => [
        `filename ${label}`,
        rawMultipart([
          file(
            Buffer.concat([
              Buffer.from('name="file"; filename="a'),
              Buffer.from(bytes),
              Buffer.from('.txt"'),
            ]),
          ),
        ]),
      ]),
      ...BAD_URL_PARTS.map(([label, bad]): [string, ReturnType<typeof rawMultipart>] => [
        `filename* ${label}`,
        rawMultipart([file(`name="file"; filename*=UTF-8''a${bad}.txt`)]),
      ]),
      ...BAD_BYTES.map(([label, bytes]): [string, ReturnType<typeof rawMultipart>] => [
        `folderId ${label}`,
        rawMultipart([
          { disposition: 'name="folderId"', content: Buffer.from(bytes) },
          file('name="file"; filename="a.txt"'),
        ]),
      ]),
      ['cut short in a file', rawMultipart([file('name="file"; filename="a.txt"')], false)],
      [
        'cut short in part headers',
        { ...rawMultipart([]), payload: Buffer.from('--parleyBadBytes\r\nContent-Disposition: form-da') },
      ],
      ['no boundary', { payload: Buffer.from('abc'), headers: { 'content-type': 'multipart/form-data' } }],
    ];
    // Every route that reads multipart/form-data.
    for (const [method, url] of [
      ['POST', `/matters/${ids.matter}/documents`],
      ['POST', `/documents/${ids.document}/versions`],
      ['PUT', '/firm/logo'],
    ] as const) {
      for (const [label, form] of forms) {
        await expectRefused(failures, `${method} ${url} ${label}`, { method, url, as: admin, ...form });
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });
});
