import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/modules/audit/verify-chain';
import { queryRows } from '../src/platform/db/database';
import { createMatter, multipart, uploadFiles } from './files-helpers';
import { call, createTestEnv, databaseFingerprint, seedFirm, seedStaff, type TestEnv } from './helpers';

const LIMIT = 64 * 1024;
let env: TestEnv;
let admin: { token: string; id: string; firmId: string };
let matter: { id: string; rootFolderId: string };

beforeAll(async () => {
  env = await createTestEnv({ env: { LIMIT_FILE_BYTES: String(LIMIT), LIMIT_FILES_PER_FOLDER: '5' } });
  ({ admin } = await seedFirm(env.deps));
  matter = await createMatter(env.app, admin);
});
afterAll(() => env.close());

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function auditActions(matterId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    env.deps.db,
    sql`select action from audit_log where matter_id = ${matterId} order by id`,
  );
  return rows.map((r) => r.action);
}

async function newFolder(name: string, parentId?: string) {
  const res = await call(env.app, 'POST', `/matters/${matter.id}/folders`, {
    as: admin,
    body: { name, ...(parentId ? { parentId } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

describe('folders', () => {
  it('creates, renames, moves (whole subtree), refuses cycles and duplicate names, deletes with contents', async () => {
    const a = await newFolder('A');
    const b = await newFolder('B', a.id);
    const c = await newFolder('C', b.id);
    const other = await newFolder('Other');
    expect(
      (
        await call(env.app, 'POST', `/matters/${matter.id}/folders`, { as: admin, body: { name: 'A' } })
      ).json(),
    ).toMatchObject({ error: { code: 'name_taken' } });

    // into itself or its own subtree: 409 invalid_move, nothing changes
    const before = await databaseFingerprint(env.deps);
    for (const parentId of [a.id, b.id, c.id]) {
      const res = await call(env.app, 'PATCH', `/folders/${a.id}`, { as: admin, body: { parentId } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('invalid_move');
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);

    const moved = await call(env.app, 'PATCH', `/folders/${a.id}`, {
      as: admin,
      body: { parentId: other.id, name: 'A2' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'A2', parentId: other.id });
    const paths = await queryRows<{ id: string; path: string }>(
      env.deps.db,
      sql`select id, path from folders where id in (${a.id}, ${b.id}, ${c.id})`,
    );
    const byId = new Map(paths.map((p) => [p.id, p.path]));
    const root = `/${matter.rootFolderId}/${other.id}/`;
    expect(byId.get(a.id)).toBe(`${root}${a.id}/`);
    expect(byId.get(c.id)).toBe(`${root}${a.id}/${b.id}/${c.id}/`);

    // a document deep inside goes with the folder
    const up = await uploadFiles(env.app, admin, matter.id, [{ name: 'deep.txt', content: 'deep' }], {
      folderId: c.id,
    });
    expect(up.statusCode, up.body).toBe(201);
    const docId = up.json().items[0].id;
    expect((await call(env.app, 'DELETE', `/folders/${a.id}`, { as: admin })).statusCode).toBe(204);
    expect((await call(env.app, 'GET', `/documents/${docId}`, { as: admin })).statusCode).toBe(404);
    expect(
      (await call(env.app, 'GET', `/matters/${matter.id}/files?folderId=${c.id}`, { as: admin })).statusCode,
    ).toBe(404);
    const listing = (
      await call(env.app, 'GET', `/matters/${matter.id}/files?folderId=${other.id}`, { as: admin })
    ).json();
    expect(listing.folders).toEqual([]);

    // the root itself is fixed
    const root400 = await call(env.app, 'DELETE', `/folders/${matter.rootFolderId}`, { as: admin });
    expect(root400.statusCode).toBe(400);
    expect(await auditActions(matter.id)).toEqual(
      expect.arrayContaining(['folder.create', 'folder.move', 'document.upload', 'folder.delete']),
    );
  });
});

describe('documents', () => {
  const odd = [
    { name: 'empty.bin', content: '' },
    { name: 'Résumé – final ✅ 🎉.pdf', content: '%PDF-1.4 emoji', type: 'application/pdf' },
    { name: 'name with  spaces .txt', content: 'spaces', type: 'text/plain' },
    { name: '../../etc/passwd', content: 'root:x:0:0' },
    { name: `${'é'.repeat(127)}x`, content: '255 bytes' },
    { name: 'setup.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0]), type: 'application/x-msdownload' },
    { name: 'page.html', content: '<script>alert(1)</script>', type: 'text/html' },
    { name: 'pic.svg', content: '<svg onload="alert(1)"/>', type: 'image/svg+xml' },
    { name: "a 'quoted'; name (1).js", content: 'alert(1)', type: 'text/javascript' },
  ];

  it.each(odd)('stores and serves "$name" safely', async (file) => {
    const folder = await newFolder(`odd ${sha(file.name).slice(0, 8)}`);
    const res = await uploadFiles(env.app, admin, matter.id, [file], { folderId: folder.id });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json().items[0];
    expect(doc).toMatchObject({
      name: file.name,
      size: Buffer.byteLength(file.content),
      versionCount: 1,
      shared: false,
    });
    const get = await call(env.app, 'GET', `/documents/${doc.id}/content`, { as: admin });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload.equals(Buffer.from(file.content))).toBe(true);
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.headers['content-length']).toBe(String(Buffer.byteLength(file.content)));
    expect(get.headers.etag).toBe(`"${sha(file.content)}"`);
    const disposition = String(get.headers['content-disposition']);
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(disposition).toMatch(/filename="[\x20-\x7e]*"/);
    expect(disposition).not.toContain('/');
    const inline = ['application/pdf', 'text/plain'].includes(file.type ?? '');
    expect(disposition.startsWith(inline ? 'inline;' : 'attachment;')).toBe(true);
    expect(String(get.headers['content-type'])).not.toMatch(/html|svg|xml|javascript/);
  });

  it('never writes a user file name to disk', async () => {
    const files = await fs.readdir(path.join(env.deps.config.DATA_DIR, 'blobs'), { recursive: true });
    expect(files.some((f) => /passwd|\.exe|\.html|Résumé/.test(f))).toBe(false);
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const before = await databaseFingerprint(env.deps);
    const long = `${'é'.repeat(128)}`; // 256 bytes
    const cases = [
      ['POST', `/matters/${matter.id}/folders`, { body: { name: '' } }, 400],
      ['POST', `/matters/${matter.id}/folders`, { body: { name: 'x', parentId: 'nope' } }, 404],
      ['POST', `/matters/${matter.id}/folders`, { body: { name: long } }, 400],
      ['POST', `/matters/${matter.id}/documents`, { body: { uploadId: 'nope' } }, 404],
      ['POST', `/matters/${matter.id}/documents`, { body: { nope: 1 } }, 400],
      ['POST', `/matters/${matter.id}/documents`, multipart([{ name: long, content: 'x' }]), 400],
      [
        'POST',
        `/matters/${matter.id}/documents`,
        multipart([{ name: 'x', content: 'x' }], { folderId: 'nope' }),
        404,
      ],
      ['POST', `/matters/${matter.id}/documents`, multipart([]), 400],
      ['PATCH', `/folders/nope`, { body: { name: 'x' } }, 404],
      ['PATCH', `/documents/nope`, { body: { name: 'x' } }, 404],
      ['GET', `/documents/nope/content`, {}, 404],
      ['GET', `/matters/nope/files`, {}, 404],
    ] as const;
    for (const [method, url, options, status] of cases) {
      const res = await call(env.app, method, url, { as: admin, ...(options as object) });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(res.json().error.code).toBeTypeOf('string');
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('keeps versions immutable and serves any of them', async () => {
    const folder = await newFolder('versions');
    const up = await uploadFiles(
      env.app,
      admin,
      matter.id,
      [{ name: 'v.txt', content: 'one', type: 'text/plain' }],
      { folderId: folder.id },
    );
    const doc = up.json().items[0];
    const v2 = await call(env.app, 'POST', `/documents/${doc.id}/versions`, {
      as: admin,
      ...multipart([{ name: 'ignored', content: 'two!' }]),
    });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({ documentId: doc.id, number: 2, size: 4, sha256: sha('two!') });
    const detail = (await call(env.app, 'GET', `/documents/${doc.id}`, { as: admin })).json();
    expect(detail.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(detail).toMatchObject({ currentVersionId: v2.json().id, versionCount: 2, size: 4 });
    const first = await call(
      env.app,
      'GET',
      `/documents/${doc.id}/content?versionId=${detail.versions[0].id}`,
      { as: admin },
    );
    expect(first.body).toBe('one');
    expect((await call(env.app, 'GET', `/documents/${doc.id}/content`, { as: admin })).body).toBe('two!');
    expect(
      (await call(env.app, 'GET', `/documents/${doc.id}/content?versionId=${doc.id}`, { as: admin }))
        .statusCode,
    ).toBe(404);
  });

  it('answers Range (206/416) and If-None-Match (304)', async () => {
    const folder = await newFolder('ranges');
    const content = '0123456789';
    const doc = (
      await uploadFiles(env.app, admin, matter.id, [{ name: 'r.txt', content }], { folderId: folder.id })
    ).json().items[0];
    const url = `/documents/${doc.id}/content`;
    const table = [
      ['bytes=0-3', 206, '0123', 'bytes 0-3/10'],
      ['bytes=7-', 206, '789', 'bytes 7-9/10'],
      ['bytes=-2', 206, '89', 'bytes 8-9/10'],
      ['bytes=5-100', 206, '56789', 'bytes 5-9/10'],
      ['bytes=10-', 416, undefined, 'bytes */10'],
      ['bytes=5-2', 416, undefined, 'bytes */10'],
    ] as const;
    for (const [range, status, body, contentRange] of table) {
      const res = await call(env.app, 'GET', url, { as: admin, headers: { range } });
      expect(res.statusCode, range).toBe(status);
      expect(res.headers['content-range']).toBe(contentRange);
      if (body !== undefined) expect(res.body).toBe(body);
    }
    const etag = `"${sha(content)}"`;
    expect(
      (await call(env.app, 'GET', url, { as: admin, headers: { 'if-none-match': etag } })).statusCode,
    ).toBe(304);
    expect(
      (await call(env.app, 'GET', url, { as: admin, headers: { 'if-none-match': '"other"' } })).statusCode,
    ).toBe(200);
  });

  it('stores identical content once', async () => {
    const folder = await newFolder('dedupe');
    const content = `same bytes ${Date.now()}`;
    const res = await uploadFiles(
      env.app,
      admin,
      matter.id,
      [
        { name: 'one', content },
        { name: 'two', content },
      ],
      { folderId: folder.id },
    );
    expect(res.statusCode, res.body).toBe(201);
    const blobs = await queryRows<{ n: number }>(
      env.deps.db,
      sql`select count(*)::int as n from blobs where sha256 = ${sha(content)}`,
    );
    expect(blobs[0]!.n).toBe(1);
    const files = await fs.readdir(path.join(env.deps.config.DATA_DIR, 'blobs'), { recursive: true });
    expect(files.filter((f) => f.endsWith(sha(content)))).toHaveLength(1);
    expect(await fs.readdir(path.join(env.deps.config.DATA_DIR, 'blobs', 'staging'))).toEqual([]);
  });

  it('refuses duplicate names, renames and moves documents', async () => {
    const f1 = await newFolder('docs1');
    const f2 = await newFolder('docs2');
    const a = (
      await uploadFiles(env.app, admin, matter.id, [{ name: 'a.txt', content: 'a' }], { folderId: f1.id })
    ).json().items[0];
    await uploadFiles(env.app, admin, matter.id, [{ name: 'a.txt', content: 'other' }], { folderId: f2.id });
    const dup = await uploadFiles(env.app, admin, matter.id, [{ name: 'a.txt', content: 'again' }], {
      folderId: f1.id,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('name_taken');
    const clash = await call(env.app, 'PATCH', `/documents/${a.id}`, {
      as: admin,
      body: { folderId: f2.id },
    });
    expect(clash.json().error.code).toBe('name_taken');
    const moved = await call(env.app, 'PATCH', `/documents/${a.id}`, {
      as: admin,
      body: { folderId: f2.id, name: 'b.txt' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'b.txt', folderId: f2.id });
    const quoted = await call(env.app, 'PATCH', `/documents/${a.id}`, {
      as: admin,
      body: { name: 'He said "hi"\\.txt' },
    });
    expect(quoted.statusCode, quoted.body).toBe(200);
    const got = await call(env.app, 'GET', `/documents/${a.id}/content`, { as: admin });
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="He said _hi__.txt"; filename*=UTF-8''He%20said%20%22hi%22%5C.txt`,
    );
    expect((await call(env.app, 'DELETE', `/documents/${a.id}`, { as: admin })).statusCode).toBe(204);
    expect((await call(env.app, 'GET', `/documents/${a.id}`, { as: admin })).statusCode).toBe(404);
    expect(await auditActions(matter.id)).toEqual(
      expect.arrayContaining(['document.move', 'document.delete', 'document.version.add']),
    );
  });
});

describe('limits', () => {
  it.each([
    ['by Content-Length, before reading', LIMIT + 100 * 1024],
    ['while streaming (Content-Length within the envelope allowance)', LIMIT + 1],
  ])('refuses a file over LIMIT_FILE_BYTES %s, and stores nothing', async (_label, size) => {
    const folder = await newFolder(`limits ${size}`);
    const before = await databaseFingerprint(env.deps);
    const big = await uploadFiles(env.app, admin, matter.id, [{ name: 'big', content: Buffer.alloc(size) }], {
      folderId: folder.id,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
    expect(await databaseFingerprint(env.deps)).toBe(before);
    expect(await fs.readdir(path.join(env.deps.config.DATA_DIR, 'blobs', 'staging'))).toEqual([]);
    const exact = await uploadFiles(
      env.app,
      admin,
      matter.id,
      [{ name: 'ok', content: Buffer.alloc(LIMIT) }],
      {
        folderId: folder.id,
      },
    );
    expect(exact.statusCode).toBe(201);
  });

  it('writes one audit row per change, in the hash chain', async () => {
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          env.deps.db,
          sql`select count(*)::int as n from audit_log where matter_id = ${matter.id}`,
        )
      )[0]!.n;
    const steps: [string, () => Promise<{ statusCode: number }>, number][] = [];
    const f = await newFolder('audited');
    const g = await newFolder('audited 2');
    let docId = '';
    steps.push(
      [
        'rename folder',
        () => call(env.app, 'PATCH', `/folders/${f.id}`, { as: admin, body: { name: 'audited!' } }),
        1,
      ],
      [
        'move folder',
        () => call(env.app, 'PATCH', `/folders/${f.id}`, { as: admin, body: { parentId: g.id } }),
        1,
      ],
      [
        'upload two',
        async () => {
          const res = await uploadFiles(
            env.app,
            admin,
            matter.id,
            [
              { name: 'p', content: 'p' },
              { name: 'q', content: 'q' },
            ],
            {
              folderId: f.id,
            },
          );
          docId = res.json().items[0].id;
          return res;
        },
        2,
      ],
      [
        'add version',
        () =>
          call(env.app, 'POST', `/documents/${docId}/versions`, {
            as: admin,
            ...multipart([{ name: 'p', content: 'p2' }]),
          }),
        1,
      ],
      [
        'rename document',
        () => call(env.app, 'PATCH', `/documents/${docId}`, { as: admin, body: { name: 'p!' } }),
        1,
      ],
      ['delete document', () => call(env.app, 'DELETE', `/documents/${docId}`, { as: admin }), 1],
      ['delete folder', () => call(env.app, 'DELETE', `/folders/${g.id}`, { as: admin }), 1],
    );
    for (const [label, step, rows] of steps) {
      const before = await count();
      const res = await step();
      expect(res.statusCode, label).toBeLessThan(300);
      expect((await count()) - before, label).toBe(rows);
    }
    const reports = await verifyAuditChain(env.deps.db, admin.firmId);
    expect(reports.every((r) => r.ok)).toBe(true);
  });

  it('refuses the file past LIMIT_FILES_PER_FOLDER on upload and on move, nothing stored', async () => {
    const full = await newFolder('full');
    const elsewhere = await newFolder('elsewhere');
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, content: `c${i}` }));
    expect((await uploadFiles(env.app, admin, matter.id, five, { folderId: full.id })).statusCode).toBe(201);
    const outside = (
      await uploadFiles(env.app, admin, matter.id, [{ name: 'x', content: 'x' }], { folderId: elsewhere.id })
    ).json().items[0];
    const before = await databaseFingerprint(env.deps);
    const sixth = await uploadFiles(env.app, admin, matter.id, [{ name: 'f5', content: 'c5' }], {
      folderId: full.id,
    });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().error.code).toBe('folder_full');
    const move = await call(env.app, 'PATCH', `/documents/${outside.id}`, {
      as: admin,
      body: { folderId: full.id },
    });
    expect(move.statusCode).toBe(409);
    expect(move.json().error.code).toBe('folder_full');
    expect(await databaseFingerprint(env.deps)).toBe(before);
    // subfolders count their own
    const sub = await newFolder('sub', full.id);
    expect(
      (await uploadFiles(env.app, admin, matter.id, [{ name: 'x', content: 'x' }], { folderId: sub.id }))
        .statusCode,
    ).toBe(201);
  });

  it('lets only one of two concurrent uploads take the last place', async () => {
    const folder = await newFolder('race');
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `r${i}`, content: `r${i}` }));
    await uploadFiles(env.app, admin, matter.id, four, { folderId: folder.id });
    const results = await Promise.all(
      ['last-a', 'last-b', 'last-c'].map((name) =>
        uploadFiles(env.app, admin, matter.id, [{ name, content: name }], { folderId: folder.id }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const listing = (
      await call(env.app, 'GET', `/matters/${matter.id}/files?folderId=${folder.id}`, { as: admin })
    ).json();
    expect(listing.documents).toHaveLength(5);
  });
});

describe('who may see what', () => {
  it('answers 404 to staff outside a restricted matter, for every route, and changes nothing', async () => {
    const outsider = await seedStaff(env.deps, admin.firmId, 'staff');
    const secret = await createMatter(env.app, admin, { restricted: true });
    const folder = (
      await call(env.app, 'POST', `/matters/${secret.id}/folders`, { as: admin, body: { name: 'F' } })
    ).json();
    const doc = (await uploadFiles(env.app, admin, secret.id, [{ name: 'd', content: 'd' }])).json().items[0];
    const otherFirm = await seedFirm(env.deps);
    const before = await databaseFingerprint(env.deps);
    const routes = [
      ['GET', `/matters/${secret.id}/files`, undefined],
      ['POST', `/matters/${secret.id}/folders`, { name: 'x' }],
      ['PATCH', `/folders/${folder.id}`, { name: 'y' }],
      ['DELETE', `/folders/${folder.id}`, undefined],
      ['GET', `/documents/${doc.id}`, undefined],
      ['PATCH', `/documents/${doc.id}`, { name: 'z' }],
      ['DELETE', `/documents/${doc.id}`, undefined],
      ['GET', `/documents/${doc.id}/content`, undefined],
      ['GET', `/documents/${doc.id}/messages`, undefined],
      ['POST', `/documents/${doc.id}/versions`, { uploadId: 'x' }],
    ] as const;
    for (const who of [outsider, otherFirm.admin]) {
      for (const [method, url, body] of routes) {
        const res = await call(env.app, method, url, { as: who, ...(body ? { body } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
      const up = await uploadFiles(env.app, who, secret.id, [{ name: 'n', content: 'n' }]);
      expect(up.statusCode).toBe(404);
    }
    for (const [method, url, body] of routes) {
      expect((await call(env.app, method, url, { as: null, ...(body ? { body } : {}) })).statusCode).toBe(
        401,
      );
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
    expect((await call(env.app, 'GET', `/documents/${doc.id}/messages`, { as: admin })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
