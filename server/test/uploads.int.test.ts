import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expireUploads } from '../src/modules/files/uploads/upload-store';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { queryRows } from '../src/platform/db/database';
import { portalUsers } from '../src/platform/db/schema';
import { createMatter, TUS, tusUpload } from './files-helpers';
import { call, createTestEnv, seedFirm, seedStaff, type TestEnv } from './helpers';

const LIMIT = 256 * 1024;
let env: TestEnv;
let base: string;
let admin: { token: string; id: string; firmId: string };
let matter: { id: string; rootFolderId: string };

beforeAll(async () => {
  env = await createTestEnv({ env: { LIMIT_FILE_BYTES: String(LIMIT) } });
  ({ admin } = await seedFirm(env.deps));
  matter = await createMatter(env.app, admin);
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => env.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const staging = () => fs.readdir(path.join(env.deps.config.DATA_DIR, 'blobs', 'staging')).catch(() => []);
const auth = (token: string) => ({ authorization: `Bearer ${token}`, ...TUS });

async function uploadRows(id: string) {
  return queryRows<{ offset: string; completed_at: unknown }>(
    env.deps.db,
    sql`select * from uploads where id = ${id}`,
  );
}

describe('tus uploads', () => {
  it('a taken name answers 409 with the document that holds it and keeps the upload: new version or "keep both"', async () => {
    const folder = (
      await call(env.app, 'POST', `/matters/${matter.id}/folders`, { as: admin, body: { name: 'Dupes' } })
    ).json() as { id: string };
    const post = (body: Record<string, unknown>) =>
      call(env.app, 'POST', `/matters/${matter.id}/documents`, {
        as: admin,
        body: { folderId: folder.id, name: 'claim.pdf', ...body },
      });
    const first = await post({ uploadId: await tusUpload(base, admin.token, Buffer.from('first')) });
    expect(first.statusCode, first.body).toBe(201);
    const existing = first.json().items[0];

    const second = await tusUpload(base, admin.token, Buffer.from('second'));
    const refused = await post({ uploadId: second });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'name_taken',
      details: { names: ['claim.pdf'], documents: [{ id: existing.id, name: 'claim.pdf' }] },
    });
    // The same upload, not consumed by the refusal, becomes version 2 of the document.
    const version = await call(env.app, 'POST', `/documents/${existing.id}/versions`, {
      as: admin,
      body: { uploadId: second },
    });
    expect(version.statusCode, version.body).toBe(201);
    expect(version.json()).toMatchObject({ number: 2, size: 6 });

    // "Keep both": the next free numbered name, twice over; a free name stays as it is.
    const kept = [];
    for (const content of ['third', 'fourth']) {
      const res = await post({
        uploadId: await tusUpload(base, admin.token, Buffer.from(content)),
        ifNameTaken: 'keepBoth',
      });
      expect(res.statusCode, res.body).toBe(201);
      kept.push(res.json().items[0].name);
    }
    expect(kept).toEqual(['claim (2).pdf', 'claim (3).pdf']);
    const fresh = await post({
      uploadId: await tusUpload(base, admin.token, Buffer.from('free')),
      name: 'free.pdf',
      ifNameTaken: 'keepBoth',
    });
    expect(fresh.json().items[0].name).toBe('free.pdf');
    const listing = await call(env.app, 'GET', `/matters/${matter.id}/files?folderId=${folder.id}`, {
      as: admin,
    });
    expect(
      listing
        .json()
        .documents.map((d: { name: string }) => d.name)
        .sort(),
    ).toEqual(['claim (2).pdf', 'claim (3).pdf', 'claim.pdf', 'free.pdf']);
    const bad = await post({ uploadId: second, ifNameTaken: 'rename' });
    expect(bad.statusCode).toBe(400);
  });

  it('takes a file from tus-js-client and makes it a document; the upload is used once', async () => {
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const uploadId = await tusUpload(base, admin.token, data, {
      filename: 'scan 📄.pdf',
      filetype: 'application/pdf',
    });
    const res = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId },
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json().items[0];
    expect(doc).toMatchObject({ name: 'scan 📄.pdf', size: data.length, contentType: 'application/pdf' });
    const content = await call(env.app, 'GET', `/documents/${doc.id}/content`, { as: admin });
    expect(sha(content.rawPayload)).toBe(sha(data));
    const again = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId },
    });
    expect(again.statusCode).toBe(404);
    // as a new version too
    const next = await tusUpload(base, admin.token, Buffer.from('v2'));
    const v = await call(env.app, 'POST', `/documents/${doc.id}/versions`, {
      as: admin,
      body: { uploadId: next },
    });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ number: 2, size: 2 });
    expect(await staging()).toEqual([]);
  });

  it('takes an empty file and a chunked, resumed upload', async () => {
    const empty = await tusUpload(base, admin.token, Buffer.alloc(0), { filename: 'empty' });
    const res = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId: empty },
    });
    expect(res.statusCode, res.body).toBe(201);
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256));
    const chunked = await tusUpload(base, admin.token, data, { filename: 'chunked' }, { chunkSize: 30_000 });
    const doc = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId: chunked },
    });
    expect(doc.statusCode, doc.body).toBe(201);
    expect(
      sha(
        (await call(env.app, 'GET', `/documents/${doc.json().items[0].id}/content`, { as: admin }))
          .rawPayload,
      ),
    ).toBe(sha(data));
  });

  it('refuses an Upload-Length over the limit before storing anything', async () => {
    const before = await queryRows<{ n: number }>(env.deps.db, sql`select count(*)::int as n from uploads`);
    const res = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...auth(admin.token), 'upload-length': String(LIMIT + 1) },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    const after = await queryRows<{ n: number }>(env.deps.db, sql`select count(*)::int as n from uploads`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it.each([
    ['a Content-Length over the declared length (refused before writing)', 'declared'],
    ['a chunked body running past the declared length (cut off at the limit)', 'chunked'],
  ])('refuses %s, and keeps nothing', async (_label, how) => {
    const created = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...auth(admin.token), 'upload-length': '10' },
    });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location')!, base).toString();
    const id = url.split('/').pop()!;
    const body =
      how === 'declared'
        ? Buffer.alloc(20)
        : new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(8));
              controller.enqueue(new Uint8Array(8));
              controller.close();
            },
          });
    const res = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...auth(admin.token),
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    expect(await uploadRows(id)).toEqual([]);
    expect(await staging()).toEqual([]);
  });

  it('belongs to its owner; incomplete uploads cannot be used; termination and expiry remove the bytes', async () => {
    const other = await seedStaff(env.deps, admin.firmId, 'staff');
    const created = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        ...auth(admin.token),
        'upload-length': '8',
        'upload-metadata': `filename ${Buffer.from('x').toString('base64')}`,
      },
    });
    const url = new URL(created.headers.get('location')!, base).toString();
    const id = url.split('/').pop()!;
    const patch = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...auth(admin.token),
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: Buffer.from('half'),
    });
    expect(patch.status).toBe(204);
    const head = await fetch(url, { method: 'HEAD', headers: auth(admin.token) });
    expect(head.headers.get('upload-offset')).toBe('4');
    expect((await fetch(url, { method: 'HEAD', headers: auth(other.token) })).status).toBe(404);
    expect((await fetch(url, { method: 'HEAD', headers: TUS })).status).toBe(401);
    const incomplete = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId: id },
    });
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().error.code).toBe('upload_incomplete');
    const stolen = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: other,
      body: { uploadId: id },
    });
    expect(stolen.statusCode).toBe(404);
    expect((await fetch(url, { method: 'DELETE', headers: auth(other.token) })).status).toBe(404);
    expect((await fetch(url, { method: 'DELETE', headers: auth(admin.token) })).status).toBe(204);
    expect(await uploadRows(id)).toEqual([]);
    expect(await staging()).toEqual([]);

    // expiry: an abandoned upload goes with its bytes
    const abandoned = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...auth(admin.token), 'upload-length': '8' },
    });
    const abandonedId = abandoned.headers.get('location')!.split('/').pop()!;
    expect(await staging()).toHaveLength(1);
    expect(await expireUploads(env.deps, new Date())).toBe(0);
    const later = new Date(Date.now() + env.deps.config.UPLOAD_EXPIRE_HOURS * 3600_000 + 1000);
    expect(await expireUploads(env.deps, later)).toBeGreaterThanOrEqual(1);
    expect(await uploadRows(abandonedId)).toEqual([]);
    expect(await staging()).toEqual([]);
  });

  it('keeps what arrived before the client went away; the upload then resumes with the right SHA-256', async () => {
    // node-patch.ts feeds the store from the Node request: tus's web-stream round trip stays unused.
    const toWeb = vi.spyOn(Readable, 'toWeb');
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 13) % 256));
    const created = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...auth(admin.token), 'upload-length': String(data.length) },
    });
    const url = new URL(created.headers.get('location')!, base);
    const id = url.pathname.split('/').pop()!;
    // A PATCH announcing all the bytes, cut off after 120 000 of them.
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        ...auth(admin.token),
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(data.length),
      },
    });
    req.on('error', () => {});
    await new Promise<void>((resolve) => req.write(data.subarray(0, 120_000), () => resolve()));
    req.destroy();
    let offset = 0;
    for (let i = 0; i < 100 && offset < 120_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const head = await fetch(url, { method: 'HEAD', headers: auth(admin.token) });
      offset = Number(head.headers.get('upload-offset'));
    }
    expect(offset).toBe(120_000);
    const rest = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...auth(admin.token),
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      body: data.subarray(offset),
    });
    expect(rest.status).toBe(204);
    const rows = await queryRows<{ sha256: string }>(
      env.deps.db,
      sql`select * from uploads where id = ${id}`,
    );
    expect(rows[0]!.sha256).toBe(sha(data));
    expect(toWeb).not.toHaveBeenCalled();
    toWeb.mockRestore();
  });

  it('describes the file routes and tus in the OpenAPI document', async () => {
    const doc = (await call(env.app, 'GET', '/openapi.json')).json();
    for (const p of [
      '/api/v1/uploads',
      '/api/v1/uploads/{id}',
      '/api/v1/matters/{id}/documents',
      '/api/v1/documents/{id}/content',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it('checks the Origin of cookie-authenticated uploads', async () => {
    const cookie = `parley_session=${admin.token}`;
    const foreign = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'upload-length': '1', ...TUS },
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { cookie, origin: env.deps.config.publicOrigin, 'upload-length': '1', ...TUS },
    });
    expect(own.status).toBe(201);
  });

  it('lets portal users upload', async () => {
    const [user] = await env.deps.db
      .insert(portalUsers)
      .values({ email: 'client@example.test', name: 'Client' })
      .returning();
    const session = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: user!.id },
      { ip: null, userAgent: null },
    );
    const id = await tusUpload(base, session.token, Buffer.from('from the client'), { filename: 'id.jpg' });
    const rows = await queryRows<{ owner_type: string; completed_at: unknown }>(
      env.deps.db,
      sql`select * from uploads where id = ${id}`,
    );
    expect(rows[0]).toMatchObject({ owner_type: 'portal' });
    expect(rows[0]!.completed_at).not.toBeNull();
    // staff cannot use a portal user's upload
    const res = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
      as: admin,
      body: { uploadId: id },
    });
    expect(res.statusCode).toBe(404);
  });
});
