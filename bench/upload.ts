/**
 * `npm run bench -- upload`: a 1 GiB file (5 GiB with BENCH_BIG=1) through tus over loopback into a
 * real server process, and back out through GET /documents/:id/content.
 * - upload throughput as a ratio to `cp` + `sync` of the same file on the same disk (target ≥ 0.8);
 * - download throughput as a ratio to a bare node:http + fs.createReadStream server (target ≥ 0.9);
 * - the server's peak RSS growth during each (target < 100 MB).
 * Database: DATABASE_URL if set; else a database of its own on the local PostgreSQL
 * (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres); else embedded PGlite.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as tus from 'tus-js-client';
import { api, login, type ServerProcess, startServer } from '../server/test/process-helpers';
import { type Figure, report } from './report';

const GiB = 1024 ** 3;
const MB = 1e6;

export async function run(): Promise<void> {
  const size = process.env.BENCH_BIG === '1' ? 5 * GiB : GiB;
  const work = await fsp.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'parley-bench-'));
  const database = await benchDatabase();
  let server: ServerProcess | undefined;
  try {
    const source = path.join(work, 'source.bin');
    const sha256 = await writeRandomFile(source, size);

    // Baseline: cp + sync of the same file on the same disk.
    const cpStart = performance.now();
    execFileSync('cp', [source, path.join(work, 'copy.bin')]);
    execFileSync('sync');
    const cpSeconds = (performance.now() - cpStart) / 1000;
    await fsp.rm(path.join(work, 'copy.bin'));

    server = await startServer({
      DATA_DIR: path.join(work, 'data'),
      LIMIT_FILE_BYTES: String(Math.max(size, 5 * GiB)),
      ...database.env,
    });
    const token = await login(server.url);
    const pid = server.child.pid!;

    // Upload through tus-js-client, streaming the file from disk.
    const uploadRss = watchRss(pid);
    const upStart = performance.now();
    const uploadId = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(fs.createReadStream(source), {
        endpoint: `${server!.url}/api/v1/uploads`,
        headers: { authorization: `Bearer ${token}` },
        metadata: { filename: 'bench.bin' },
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(upload.url!.split('/').pop()!),
      });
      upload.start();
    });
    const upSeconds = (performance.now() - upStart) / 1000;
    const upRss = await uploadRss.stop();
    // The same upload from a bare node:http client: tells the client's share from the server's.
    const rawSeconds = await rawTusUpload(server.url, token, source, size);

    const matter = await api<{ id: string }>(server.url, token, 'POST', '/matters', { title: 'Bench' });
    const doc = await api<{ items: { id: string }[] }>(
      server.url,
      token,
      'POST',
      `/matters/${matter.body.id}/documents`,
      {
        uploadId,
      },
    );
    if (doc.status !== 201) throw new Error(`could not create the document: ${JSON.stringify(doc.body)}`);
    const documentUrl = `${server.url}/api/v1/documents/${doc.body.items[0]!.id}/content`;

    // Download: a bare node:http server over the same stored blob, then Parley; best of two each.
    const blob = path.join(work, 'data', 'blobs', 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const stored = fs.existsSync(blob) ? blob : source; // S3 store: compare against the source file
    const bare = await bareServer(stored);
    const bareSeconds = Math.min(
      await timeDownload(bare.url, {}, size),
      await timeDownload(bare.url, {}, size),
    );
    bare.server.close();
    const downloadRss = watchRss(pid);
    const headers = { authorization: `Bearer ${token}` };
    const ourSeconds = Math.min(
      await timeDownload(documentUrl, headers, size),
      await timeDownload(documentUrl, headers, size),
    );
    const downRss = await downloadRss.stop();

    const figures: Figure[] = [
      ratioFigure('upload throughput (tus)', size / upSeconds / MB, 'cp + sync', size / cpSeconds / MB, 0.8),
      ratioFigure(
        'download throughput',
        size / ourSeconds / MB,
        'node:http + createReadStream',
        size / bareSeconds / MB,
        0.9,
      ),
      ratioFigure(
        'upload throughput (one PATCH from bare node:http, diagnostic)',
        size / rawSeconds / MB,
        'cp + sync',
        size / cpSeconds / MB,
        0.8,
      ),
      rssFigure('server peak RSS growth during upload', upRss),
      rssFigure('server peak RSS growth during download', downRss),
    ];
    await report('upload', figures, {
      bytes: size,
      database: database.kind,
      blobStore: process.env.BLOB_STORE ?? 'local',
    });
  } finally {
    await server?.stop();
    await database.drop();
    await fsp.rm(work, { recursive: true, force: true });
  }
}

function ratioFigure(
  name: string,
  value: number,
  baselineName: string,
  baseline: number,
  target: number,
): Figure {
  const ratio = value / baseline;
  return {
    name,
    value,
    unit: 'MB/s',
    ratio,
    baseline: { name: baselineName, value: baseline, unit: 'MB/s' },
    target: `ratio ≥ ${target}`,
    met: ratio >= target,
  };
}

function rssFigure(name: string, growthBytes: number): Figure {
  return { name, value: growthBytes / MB, unit: 'MB', target: '< 100 MB', met: growthBytes < 100 * MB };
}

async function writeRandomFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = fs.createWriteStream(file);
  const block = 16 * 1024 * 1024;
  for (let written = 0; written < size; written += block) {
    const chunk = randomBytes(Math.min(block, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return hash.digest('hex');
}

/** Samples the process's resident set every 50 ms; `stop` gives the peak growth over the start. */
function watchRss(pid: number) {
  const read = () => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  };
  const start = read();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, 50);
  return {
    async stop() {
      clearInterval(timer);
      peak = Math.max(peak, read());
      return peak - start;
    },
  };
}

async function rawTusUpload(base: string, token: string, file: string, size: number): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...headers, 'upload-length': String(size) },
  });
  const url = new URL(created.headers.get('location')!, base);
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(size),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 204 ? resolve() : reject(new Error(`PATCH ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
  return (performance.now() - start) / 1000;
}

async function bareServer(file: string): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-length': fs.statSync(file).size,
      'content-type': 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

async function timeDownload(url: string, headers: Record<string, string>, expected: number): Promise<number> {
  const start = performance.now();
  const received = await new Promise<number>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let n = 0;
        res.on('data', (chunk: Buffer) => {
          n += chunk.length;
        });
        res.on('end', () => resolve(n));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  if (received !== expected) throw new Error(`downloaded ${received} bytes, expected ${expected}`);
  return (performance.now() - start) / 1000;
}

async function benchDatabase(): Promise<{
  kind: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}> {
  if (process.env.DATABASE_URL)
    return { kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL }, drop: async () => {} };
  const base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `parley_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  } catch {
    await admin.end().catch(() => {});
    return { kind: 'pglite', env: {}, drop: async () => {} };
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
