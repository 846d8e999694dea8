/** The I/O pieces of bench/upload.ts: the test file, bare servers, RSS and CPU, the database. */
import { execFileSync, spawn } from 'node:child_process';
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

const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU-seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3): utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

/** bench/bare-upload-server.ts as a process of its own (its CPU is read like the server's). */
export async function bareUploadServer(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-upload-server.ts', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare upload server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** One request whose body is the file, streamed from disk; seconds until the expected answer. */
export async function streamFile(
  url: string,
  method: string,
  headers: Record<string, string>,
  file: string,
  size: number,
  expected: number,
): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(size) } });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === expected ? resolve() : reject(new Error(`${method} ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
  return (performance.now() - start) / 1000;
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
