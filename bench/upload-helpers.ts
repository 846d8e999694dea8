/** The I/O pieces of bench/upload.ts: the test file, a bare download server, RSS, the database. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import pg from 'pg';

export async function writeRandomFile(file: string, size: number): Promise<string> {
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
export function watchRss(pid: number) {
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

export async function bareServer(file: string): Promise<{ url: string; server: http.Server }> {
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

export async function timeDownload(
  url: string,
  headers: Record<string, string>,
  expected: number,
): Promise<number> {
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

export async function benchDatabase(): Promise<{
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
