import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tusUpload } from './files-helpers';
import { clonePostgres } from './helpers';
import {
  api,
  freePort,
  login,
  matterWithConversation,
  type ServerProcess,
  startServer,
} from './process-helpers';
import { startS3 } from './s3-helpers';

const MiB = 1024 * 1024;
const sha = (b: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(b as ArrayBuffer))
    .digest('hex');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function database(): Promise<Record<string, string>> {
  if (!process.env.TEST_DATABASE_URL) return {};
  const db = await clonePostgres();
  cleanups.push(db.drop);
  return { DATABASE_URL: db.url };
}

async function track(server: ServerProcess): Promise<ServerProcess> {
  cleanups.push(() => server.stop());
  return server;
}

async function consumeAndDownload(url: string, token: string, uploadId: string) {
  const matter = await api<{ id: string }>(url, token, 'POST', '/matters', { title: 'Upload check' });
  const doc = await api<{ items: { id: string; size: number }[] }>(
    url,
    token,
    'POST',
    `/matters/${matter.body.id}/documents`,
    { uploadId },
  );
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  const content = await api<ArrayBuffer>(url, token, 'GET', `/documents/${doc.body.items[0]!.id}/content`);
  return Buffer.from(content.body);
}

it('survives kill -9 mid-upload: the tus client resumes after a restart and the file is intact', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PORT: String(await freePort()), ...(await database()) };
  let server = await track(await startServer(env));
  const token = await login(server.url);
  const data = randomBytes(96 * MiB);
  let crashed: Promise<void> | undefined;
  // The kill lands mid-upload, once the server has written 40 MiB (past its 16 MiB checkpoints):
  // the client's progress events are too coarse to time it (tens of MiB apart; the upload could
  // end first), and HEAD waits for the running PATCH. So watch the staged file itself.
  const staging = path.join(dataDir, 'blobs', 'staging');
  const crashMidUpload = async () => {
    for (let i = 0; i < 4000 && !crashed; i++) {
      const names = await fs.readdir(staging).catch(() => [] as string[]);
      const sizes = await Promise.all(
        names.map((n) =>
          fs.stat(path.join(staging, n)).then(
            (st) => st.size,
            () => 0,
          ),
        ),
      );
      if (sizes.some((size) => size >= 40 * MiB)) {
        crashed = server.crash().then(async () => {
          killed = true;
          server = await track(await startServer(env));
          restarted = true;
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  // Progress reported once the first server is dead: the resumed upload's, from its checkpoint on.
  // (The restart can finish after the whole rest was sent: the minimum, not the first after it.)
  let killed = false;
  let resumedFrom = Number.POSITIVE_INFINITY;
  let restarted = false;
  const uploadId = await tusUpload(
    server.url,
    token,
    data,
    { filename: 'crash.bin' },
    {
      retryDelays: [200, 500, 1000, 2000, 3000, 5000, 5000, 5000],
      onProgress: (sent) => {
        if (killed) resumedFrom = Math.min(resumedFrom, sent);
      },
    },
    () => void crashMidUpload(),
  );
  await crashed;
  expect(restarted).toBe(true);
  // It went on from the dead server's last checkpoint, not from zero.
  expect(resumedFrom).toBeGreaterThan(0);
  expect(resumedFrom).toBeLessThan(data.length);
  const stored = await consumeAndDownload(server.url, token, uploadId);
  expect(sha(stored)).toBe(sha(data));
}, 120_000);

it.skipIf(!process.env.TEST_DATABASE_URL)(
  'lets a second server process continue an upload (PostgreSQL + S3)',
  async () => {
    const s3 = await startS3();
    cleanups.push(() => s3.close());
    const shared = { ...(await database()), ...s3.env };
    const a = await track(
      await startServer({ ...shared, DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), 'parley-a-')) }),
    );
    const b = await track(
      await startServer({
        ...shared,
        DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), 'parley-b-')),
        ROLES: 'web',
      }),
    );
    const token = await login(a.url);
    const data = randomBytes(30 * MiB);
    // Start on A with tus-js-client, stop half-way...
    await tusUpload(
      a.url,
      token,
      data,
      { filename: 'moved.bin' },
      {
        chunkSize: 6 * MiB,
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 12 * MiB) throw new Error('stop here');
        },
      },
    ).catch(() => {});
    // ...find the upload, then let the same client continue it on B.
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: shared.DATABASE_URL });
    await client.connect();
    const row = await client.query<{ id: string; offset: string }>(
      `select id, "offset" from uploads order by created_at desc limit 1`,
    );
    await client.end();
    const id = row.rows[0]!.id;
    expect(Number(row.rows[0]!.offset)).toBeGreaterThan(0);
    const uploadId = await tusUpload(
      b.url,
      token,
      data,
      { filename: 'moved.bin' },
      { uploadUrl: `${b.url}/api/v1/uploads/${id}` },
    );
    expect(uploadId).toBe(id);
    const stored = await consumeAndDownload(a.url, token, uploadId);
    expect(sha(stored)).toBe(sha(data));
  },
  120_000,
);

it('keeps every message it acknowledged across kill -9 mid-burst; a retry after the restart returns the first (DESIGN.md rule 11)', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PORT: String(await freePort()), ...(await database()) };
  let server = await track(await startServer(env));
  const token = await login(server.url);
  const { conversationId } = await matterWithConversation(server.url, token, 'Crash burst');
  const messages = `/conversations/${conversationId}/messages`;

  // Four posters at once; each 201 is recorded. The kill lands while they are posting.
  const acknowledged = new Map<string, string>(); // clientMessageId → message id
  const poster = async (who: number) => {
    for (let i = 0; ; i++) {
      const clientMessageId = `poster-${who}-${i}`;
      const res = await api<{ id: string }>(server.url, token, 'POST', messages, {
        body: `message ${i} of poster ${who}`,
        clientMessageId,
      }).catch(() => ({ status: 0, body: { id: '' } })); // the connection died with the server
      if (res.status !== 201) {
        expect(res.status, JSON.stringify(res.body)).toBe(0); // refused only by the kill
        return;
      }
      acknowledged.set(clientMessageId, res.body.id);
    }
  };
  const posters = [0, 1, 2, 3].map(poster);
  while (acknowledged.size < 40) await new Promise((resolve) => setTimeout(resolve, 5));
  await server.crash();
  await Promise.all(posters);
  const before = new Map(acknowledged);

  server = await track(await startServer(env));
  const after = await login(server.url);
  const stored: { id: string; seq: number }[] = [];
  for (let seq = 0; ; ) {
    const page = await api<{ items: { id: string; seq: number }[] }>(
      server.url,
      after,
      'GET',
      `${messages}?after=${seq}&limit=200`,
    );
    expect(page.status).toBe(200);
    stored.push(...page.body.items);
    if (page.body.items.length < 200) break;
    seq = page.body.items.at(-1)!.seq;
  }
  const ids = new Set(stored.map((m) => m.id));
  for (const id of before.values()) expect(ids.has(id)).toBe(true);
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1)); // no gaps

  // A client that got its 201 just before the crash and retries gets that message, not a second one.
  const [clientMessageId, id] = [...before.entries()].at(-1)!;
  const retry = await api<{ id: string }>(server.url, after, 'POST', messages, {
    body: 'retried after the crash',
    clientMessageId,
  });
  expect(retry.status).toBe(200);
  expect(retry.body.id).toBe(id);
}, 120_000);
