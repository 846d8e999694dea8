import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { sealAudit } from '../src/modules/audit/seal';
import { verifyAuditChain } from '../src/modules/audit/verify-chain';
import { createBackup } from '../src/platform/backup/backup';
import { BackupError } from '../src/platform/backup/backup-files';
import { restoreBackup } from '../src/platform/backup/restore';
import { createBlobStore } from '../src/platform/blobs';
import { openDatabase, queryRows } from '../src/platform/db/database';
import { createMatter, TUS, uploadFiles } from './files-helpers';
import { withDatabase } from './global-setup';
import { call, createTestEnv, seedFirm, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { objectKeys, startS3 } from './s3-helpers';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let env: TestEnv;
let w: World;
const temp: string[] = [];
const dropLater: string[] = [];
beforeAll(async () => {
  env = await createTestEnv();
  w = await seedWorld(env.deps);
});
afterAll(async () => {
  await env.close();
  for (const dir of temp) await fs.rm(dir, { recursive: true, force: true });
  for (const name of dropLater) await adminQuery(`drop database if exists ${name} with (force)`);
});

const tempDir = async (name: string) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-${name}-`));
  temp.push(dir);
  return dir;
};
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** An empty database (PostgreSQL) or an empty DATA_DIR (embedded) to restore into. */
async function emptyTarget(env: Record<string, string> = {}) {
  const dataDir = await tempDir('restored');
  if (!onPostgres) return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const name = `parley_restore_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template template0`);
  dropLater.push(name);
  return loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, name),
    ...env,
  });
}

it('backs up during a message burst and an upload; the restore has every acknowledged message and document, and its audit chain verifies', async () => {
  const conversation = (
    await call(env.app, 'POST', `/matters/${w.open.id}/conversations`, {
      as: w.alice,
      body: { kind: 'internal', staffIds: [w.bob.id] },
    })
  ).json() as { id: string };
  const acknowledged = new Map<string, number>(); // message id → when acknowledged (ms)
  const documents = new Map<string, { sha256: string; at: number }>();
  let stop = false;

  // The burst: 4 writers post until the backup is done; each answer 201 is an acknowledgement.
  const posters = [w.alice, w.bob, w.alice, w.bob].map(async (as, n) => {
    for (let i = 0; !stop; i++) {
      const res = await call(env.app, 'POST', `/conversations/${conversation.id}/messages`, {
        as,
        body: { body: `burst ${n}.${i}` },
      });
      expect(res.statusCode, res.body).toBe(201);
      acknowledged.set(res.json().id, performance.now());
    }
  });
  // Small documents keep arriving too, and one large tus upload is half sent when the backup runs.
  const uploader = (async () => {
    for (let i = 0; !stop; i++) {
      const content = randomBytes(20_000 + i);
      const res = await uploadFiles(env.app, w.alice, w.open.id, [{ name: `scan-${i}.pdf`, content }]);
      expect(res.statusCode, res.body).toBe(201);
      documents.set(res.json().items[0].id, { sha256: sha(content), at: performance.now() });
    }
  })();
  // The audit sealer runs as on a worker node, so the backup holds a chain being extended.
  const sealer = (async () => {
    while (!stop) {
      await sealAudit(env.deps.db);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const big = randomBytes(3 * 1024 * 1024);
  const created = await call(env.app, 'POST', '/uploads', {
    as: w.alice,
    headers: {
      ...TUS,
      'upload-length': String(big.length),
      'upload-metadata': `filename ${Buffer.from('big.bin').toString('base64')}`,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const uploadUrl = new URL(created.headers.location as string, 'http://parley.test').pathname;
  const patch = (offset: number, chunk: Buffer) =>
    env.app.inject({
      method: 'PATCH',
      url: uploadUrl,
      headers: {
        ...TUS,
        authorization: `Bearer ${w.alice.token}`,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      payload: chunk,
    });
  expect((await patch(0, big.subarray(0, big.length / 2))).statusCode).toBe(204);

  // Let the burst get going: some messages and documents are acknowledged before the backup starts.
  while (acknowledged.size < 20 || documents.size < 2)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await sealAudit(env.deps.db); // part of the chain is sealed when the backup starts, whatever the sealer's pace
  const backupDir = await tempDir('backup');
  const backupStarted = performance.now();
  const result = await createBackup(env.deps, backupDir);
  expect((await patch(big.length / 2, big.subarray(big.length / 2))).statusCode).toBe(204);
  const during = acknowledged.size;
  while (acknowledged.size < during + 5) await new Promise((resolve) => setTimeout(resolve, 20));
  stop = true;
  await Promise.all([...posters, uploader, sealer]);
  expect(result).toMatchObject({ database: env.deps.database.kind, blobsCopied: true, secretsKey: 'file' });
  const before = [...acknowledged].filter(([, at]) => at < backupStarted).map(([id]) => id);
  const docsBefore = [...documents].filter(([, d]) => d.at < backupStarted);
  expect(before.length).toBeGreaterThan(10);
  expect(docsBefore.length).toBeGreaterThan(0);
  expect(acknowledged.size).toBeGreaterThan(before.length); // writes went on during the backup

  // Restore elsewhere, into an empty database and data directory.
  const target = await emptyTarget();
  await restoreBackup(target, backupDir);
  const restored = await openDatabase(
    target.DATABASE_URL
      ? { kind: 'postgres', url: target.DATABASE_URL, poolSize: 2 }
      : { kind: 'pglite', dataDir: path.join(target.DATA_DIR, 'db') },
  );
  try {
    const messages = await queryRows<{ id: string }>(
      restored.db,
      sql`select id from messages where conversation_id = ${conversation.id}`,
    );
    const present = new Set(messages.map((m) => m.id));
    for (const id of before) expect(present.has(id), `acknowledged message ${id}`).toBe(true);
    for (const id of present) expect(acknowledged.has(id), `message ${id} was acknowledged`).toBe(true);
    const [seq] = await queryRows<{ last_seq: number; max: number; n: string }>(
      restored.db,
      sql`select c.last_seq, max(m.seq)::int as max, count(m.id)::text as n from conversations c
          join messages m on m.conversation_id = c.id where c.id = ${conversation.id} group by c.last_seq`,
    );
    expect(seq).toMatchObject({ last_seq: seq!.max, n: String(present.size) }); // gapless, consistent

    // Every document completed before the backup, with its bytes, and no document without them.
    const blobs = createBlobStore(target);
    const versions = await queryRows<{ document_id: string; sha256: string; storage_key: string }>(
      restored.db,
      sql`select v.document_id, v.sha256, b.storage_key from document_versions v join blobs b on b.id = v.blob_id`,
    );
    const byDocument = new Map(versions.map((v) => [v.document_id, v]));
    for (const [id, doc] of docsBefore) expect(byDocument.get(id)?.sha256, `document ${id}`).toBe(doc.sha256);
    for (const v of versions) {
      const hash = createHash('sha256');
      for await (const chunk of await blobs.read(v.storage_key)) hash.update(chunk as Buffer);
      expect(hash.digest('hex'), `bytes of document ${v.document_id}`).toBe(v.sha256);
    }

    const verified = await verifyAuditChain(restored.db);
    expect(verified.length).toBeGreaterThan(0);
    expect(verified.filter((r) => !r.ok)).toEqual([]);
    expect(verified.find((r) => r.firmId === w.firmId)?.rows).toBeGreaterThan(0); // sealed before the backup
    // Rows appended before the backup but not chained yet chain on in the restored copy.
    await sealAudit(restored.db);
    const resealed = await verifyAuditChain(restored.db);
    expect(resealed.filter((r) => !r.ok || (r.pending ?? 0) > 0)).toEqual([]);
  } finally {
    await restored.close();
  }
  const key = await fs.readFile(path.join(target.DATA_DIR, 'secrets.key'), 'utf8');
  expect(key).toBe(await fs.readFile(path.join(env.deps.config.DATA_DIR, 'secrets.key'), 'utf8'));

  // A second restore into the same (no longer empty) target is refused, and so is a damaged backup.
  await expect(restoreBackup(target, backupDir)).rejects.toThrow(BackupError);
  await expect(createBackup(env.deps, backupDir)).rejects.toThrow(/is not empty/);
  const damaged = path.join(
    backupDir,
    result.database === 'postgres' ? 'database.pgdump' : 'database.tar.gz',
  );
  await fs.appendFile(damaged, 'x');
  await expect(restoreBackup(await emptyTarget(), backupDir)).rejects.toThrow(/does not match the SHA-256/);
  await fs.rm(path.join(backupDir, 'parley-backup.json'));
  await expect(restoreBackup(await emptyTarget(), backupDir)).rejects.toThrow(/did not finish/);
}, 120_000);

it('refuses a backup of the other kind of database and a SECRETS_KEY other than the backup’s', async () => {
  const backupDir = await tempDir('backup');
  await createBackup(env.deps, backupDir);
  const dataDir = await tempDir('other');
  const wrongKind = onPostgres
    ? loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
    : loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      });
  await expect(restoreBackup(wrongKind, backupDir)).rejects.toThrow(onPostgres ? /PostgreSQL/ : /embedded/);
  const otherKey = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRETS_KEY: randomBytes(32).toString('base64'),
  });
  await expect(restoreBackup(otherKey, backupDir)).rejects.toThrow(/key id/);
});

it('with S3 the backup lists the objects without copying them, and restore names the ones the bucket lacks', async () => {
  const s3 = await startS3();
  const s3env = await createTestEnv({ env: s3.env });
  try {
    const { admin } = await seedFirm(s3env.deps);
    const matter = await createMatter(s3env.app, admin);
    for (const name of ['one.pdf', 'two.pdf']) {
      const res = await uploadFiles(s3env.app, admin, matter.id, [{ name, content: randomBytes(5000) }]);
      expect(res.statusCode, res.body).toBe(201);
    }
    const backupDir = await tempDir('backup-s3');
    const result = await createBackup(s3env.deps, backupDir);
    expect(result).toMatchObject({ blobs: 2, blobsCopied: false });
    expect(await fs.readdir(backupDir)).not.toContain('blobs');

    await restoreBackup(await emptyTarget(s3.env), backupDir);
    const [gone] = await objectKeys(s3.dir);
    await fs.rm(path.join(s3.dir, 'parley', `${gone}._S3rver_object`));
    await expect(restoreBackup(await emptyTarget(s3.env), backupDir)).rejects.toThrow(
      /1 of 2 objects it names are not in the bucket/,
    );
  } finally {
    await s3env.close();
    await s3.close();
  }
}, 120_000);
