import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createDeps } from '../src/deps';
import { expireUploads } from '../src/modules/files/uploads/upload-store';
import { BlobMissingError } from '../src/platform/blobs/blob-store';
import { queryRows } from '../src/platform/db/database';
import { createMatter, TUS, tusUpload, uploadFiles } from './files-helpers';
import { call, createTestEnv, seedFirm, type TestEnv } from './helpers';
import { objectKeys, startS3 } from './s3-helpers';

const MiB = 1024 * 1024;
let s3: Awaited<ReturnType<typeof startS3>>;
let env: TestEnv;
let second: FastifyInstance;
let base: string;
let base2: string;
let admin: { token: string; id: string; firmId: string };
let matter: { id: string; rootFolderId: string };

beforeAll(async () => {
  s3 = await startS3();
  env = await createTestEnv({ env: { ...s3.env, LIMIT_FILE_BYTES: String(40 * MiB) } });
  ({ admin } = await seedFirm(env.deps));
  matter = await createMatter(env.app, admin);
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  // A second "node": its own app and drivers, the same database and bucket.
  const deps2 = await createDeps(env.deps.config, { database: env.deps.database, log: env.deps.log });
  second = await buildApp(deps2);
  base2 = await second.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await second.close();
  await env.close();
  await s3.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('takes a chunked tus upload into S3 multipart parts (tails parked between requests) and serves it', async () => {
  const data = randomBytes(19 * MiB + 12345);
  const uploadId = await tusUpload(base, admin.token, data, { filename: 'big.bin' }, { chunkSize: 3 * MiB });
  const parts = await queryRows<{ size: string }>(
    env.deps.db,
    sql`select size from upload_parts where upload_id = ${uploadId} order by part_number`,
  );
  expect(parts.length).toBeGreaterThanOrEqual(2);
  const res = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
    as: admin,
    body: { uploadId },
  });
  expect(res.statusCode, res.body).toBe(201);
  const doc = res.json().items[0];
  const full = await call(env.app, 'GET', `/documents/${doc.id}/content`, { as: admin });
  expect(sha(full.rawPayload)).toBe(sha(data));
  const ranged = await call(env.app, 'GET', `/documents/${doc.id}/content`, {
    as: admin,
    headers: { range: 'bytes=9000000-9000009' },
  });
  expect(ranged.statusCode).toBe(206);
  expect(ranged.rawPayload.equals(data.subarray(9_000_000, 9_000_010))).toBe(true);
  expect((await objectKeys(s3.dir)).filter((k) => k.endsWith('.tail'))).toEqual([]);
});

it('stores empty files, through tus and multipart', async () => {
  const uploadId = await tusUpload(base, admin.token, Buffer.alloc(0), { filename: 'empty-tus' });
  const viaTus = await call(env.app, 'POST', `/matters/${matter.id}/documents`, {
    as: admin,
    body: { uploadId },
  });
  expect(viaTus.statusCode, viaTus.body).toBe(201);
  const viaForm = await uploadFiles(env.app, admin, matter.id, [{ name: 'empty-form', content: '' }]);
  expect(viaForm.statusCode, viaForm.body).toBe(201);
  for (const doc of [viaTus.json().items[0], viaForm.json().items[0]]) {
    const got = await call(env.app, 'GET', `/documents/${doc.id}/content`, { as: admin });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.length).toBe(0);
  }
});

it('continues on another node an upload one node started', async () => {
  const data = randomBytes(13 * MiB);
  const headers = { authorization: `Bearer ${admin.token}`, ...TUS };
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...headers, 'upload-length': String(data.length) },
  });
  const path = created.headers.get('location')!;
  const id = path.split('/').pop()!;
  const slices = [
    [base, 0, 5 * MiB],
    [base2, 5 * MiB, 11 * MiB],
    [base, 11 * MiB, data.length],
  ] as const;
  for (const [node, from, to] of slices) {
    const res = await fetch(new URL(path, node), {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': String(from),
        'content-type': 'application/offset+octet-stream',
      },
      body: data.subarray(from, to),
    });
    expect(res.status, await res.text()).toBe(204);
    const head = await fetch(new URL(path, node === base ? base2 : base), { method: 'HEAD', headers });
    expect(head.headers.get('upload-offset')).toBe(String(to));
  }
  const res = await call(second, 'POST', `/matters/${matter.id}/documents`, {
    as: admin,
    body: { uploadId: id },
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().items[0].size).toBe(data.length);
  const got = await call(env.app, 'GET', `/documents/${res.json().items[0].id}/content`, { as: admin });
  expect(sha(got.rawPayload)).toBe(sha(data));
});

it('streams multipart uploads to S3, stores identical content once, and expires abandoned uploads', async () => {
  const content = randomBytes(64 * 1024);
  const first = await uploadFiles(env.app, admin, matter.id, [{ name: 'a', content }]);
  expect(first.statusCode, first.body).toBe(201);
  const keysBefore = await objectKeys(s3.dir);
  const second = await uploadFiles(env.app, admin, matter.id, [{ name: 'b', content }]);
  expect(second.statusCode, second.body).toBe(201);
  expect(await objectKeys(s3.dir)).toEqual(keysBefore); // the duplicate's own object is gone
  const blobs = await queryRows<{ n: number }>(
    env.deps.db,
    sql`select count(*)::int as n from blobs where sha256 = ${sha(content)}`,
  );
  expect(blobs[0]!.n).toBe(1);

  const abandoned = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, ...TUS, 'upload-length': String(20 * MiB) },
  });
  const url = new URL(abandoned.headers.get('location')!, base);
  await fetch(url, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${admin.token}`,
      ...TUS,
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    body: randomBytes(MiB),
  });
  expect((await objectKeys(s3.dir)).some((k) => k.endsWith('.tail'))).toBe(true);
  await expireUploads(env.deps, new Date(Date.now() + 48 * 3600_000));
  expect((await objectKeys(s3.dir)).some((k) => k.endsWith('.tail'))).toBe(false);
  expect(await objectKeys(s3.dir)).toEqual(keysBefore);
});

it('reading an object that is not in the bucket names the key, the bucket and the usual cause', async () => {
  const error = await env.deps.blobs.read('no/such/object').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BlobMissingError);
  expect((error as Error).message).toMatch(
    /^The stored content no\/such\/object \(object in S3 bucket \S+\) is missing\. .*S3_BUCKET, S3_ENDPOINT/,
  );
});

it('keeps named records (signed audit checkpoints) in the bucket, replaced whole; a missing one is null', async () => {
  const name = `audit-checkpoints/${admin.firmId}/latest.json`;
  expect(await env.deps.blobs.getRecord(name)).toBeNull();
  await env.deps.blobs.putRecord(name, Buffer.from('{"seq":1}'));
  await env.deps.blobs.putRecord(name, Buffer.from('{"seq":2}'));
  expect(String(await env.deps.blobs.getRecord(name))).toBe('{"seq":2}');
  expect(await objectKeys(s3.dir)).toContain(`records/${name}`);
  await expect(env.deps.blobs.putRecord('../escape', Buffer.from('x'))).rejects.toThrow(
    /invalid record name/,
  );
});
