/**
 * `npm run backup` against a RUNNING embedded Parley (PGlite is one process: the backup goes through
 * DATA_DIR/parley.sock), then `npm run restore` and `npm run audit:verify` on the copy, all as the
 * operator runs them.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../src/platform/db/database';
import { api, login, matterWithConversation, type ServerProcess, startServer } from './process-helpers';
import { runCli } from './support/server-process';

const dirs: string[] = [];
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

const tempDir = async (name: string) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-${name}-`));
  dirs.push(dir);
  return dir;
};

it('backs up a running embedded Parley through its socket during a burst; restore and audit:verify pass on the copy', async () => {
  const dataDir = await tempDir('running');
  server = await startServer({ DATA_DIR: dataDir, SERVE_WEB: 'false' });
  const token = await login(server.url);
  const { matterId, conversationId } = await matterWithConversation(server.url, token, 'Backup matter');
  const content = randomBytes(200_000);
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'application/pdf' }), 'contract.pdf');
  const upload = await fetch(`${server.url}/api/v1/matters/${matterId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(upload.status).toBe(201);
  const documentId = ((await upload.json()) as { items: { id: string }[] }).items[0]!.id;

  const acknowledged: { id: string; at: number }[] = [];
  let stop = false;
  const poster = (async () => {
    for (let i = 0; !stop; i++) {
      const res = await api<{ id: string }>(
        server!.url,
        token,
        'POST',
        `/conversations/${conversationId}/messages`,
        {
          body: `running ${i}`,
        },
      );
      expect(res.status).toBe(201);
      acknowledged.push({ id: res.body.id, at: performance.now() });
    }
  })();
  while (acknowledged.length < 10) await new Promise((resolve) => setTimeout(resolve, 20));

  const backupDir = path.join(await tempDir('backup'), 'nightly');
  const started = performance.now();
  const backup = await runCli('src/backup-cli.ts', ['backup', backupDir], { DATA_DIR: dataDir });
  stop = true;
  await poster;
  expect(backup.stderr).toBe('');
  expect(backup.stdout).toContain(`Backup written to ${backupDir}`);
  expect(backup.stdout).toContain('1 files');
  expect(backup.code).toBe(0);
  await server.stop();
  server = undefined;

  const restoredDir = await tempDir('restored');
  const restore = await runCli('src/backup-cli.ts', ['restore', backupDir], { DATA_DIR: restoredDir });
  expect(restore.stderr).toBe('');
  expect(restore.code).toBe(0);
  const verify = await runCli('src/modules/audit/verify-cli.ts', [], { DATA_DIR: restoredDir });
  expect(verify.stdout).toMatch(/chain intact/);
  expect(verify.code).toBe(0);

  const restored = await openDatabase({ kind: 'pglite', dataDir: path.join(restoredDir, 'db') });
  try {
    const ids = new Set(
      (
        await queryRows<{ id: string }>(
          restored.db,
          sql`select id from messages where conversation_id = ${conversationId}`,
        )
      ).map((m) => m.id),
    );
    for (const m of acknowledged.filter((a) => a.at < started)) expect(ids.has(m.id)).toBe(true);
    const [version] = await queryRows<{ sha256: string; storage_key: string }>(
      restored.db,
      sql`select v.sha256, b.storage_key from document_versions v join blobs b on b.id = v.blob_id
          where v.document_id = ${documentId}`,
    );
    const sha = createHash('sha256').update(content).digest('hex');
    expect(version?.sha256).toBe(sha);
    const bytes = await fs.readFile(path.join(restoredDir, 'blobs', version!.storage_key));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  } finally {
    await restored.close();
  }
}, 240_000);

it('refuses to back up a DATA_DIR without a database, and to restore what is no backup (exit 1)', async () => {
  const full = await tempDir('full');
  await fs.writeFile(path.join(full, 'something'), 'x');
  const dataDir = await tempDir('none');
  const backup = await runCli('src/backup-cli.ts', ['backup', full], { DATA_DIR: dataDir });
  expect(backup.code).toBe(1);
  expect(backup.stderr).toContain('holds no Parley database');
  const restore = await runCli('src/backup-cli.ts', ['restore', full], { DATA_DIR: dataDir });
  expect(restore.code).toBe(1);
  expect(restore.stderr).toContain('it is not a Parley backup');
  const usage = await runCli('src/backup-cli.ts', ['backup'], { DATA_DIR: dataDir });
  expect(usage.code).toBe(2);
}, 120_000);
