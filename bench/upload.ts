/**
 * `npm run bench -- upload`: a 1 GiB file (5 GiB with BENCH_BIG=1) through tus over loopback into a
 * real server process, and back out through GET /documents/:id/content.
 * - upload throughput as a ratio to the main baseline, a bare node:http server process that streams
 *   the body to disk with SHA-256 in the same pass and fdatasyncs it (bench/bare-upload-server.ts:
 *   the same work without tus, database or Parley; target ≥ 0.9), and, as before, to `cp` + `sync`
 *   of the same file on the same disk (target ≥ 0.8);
 * - the server's CPU-seconds per GiB uploaded (utime + stime from /proc, the server process only;
 *   PostgreSQL's own processes are not counted) against the bare server's (target ≤ 1.2×);
 * - download throughput as a ratio to a bare node:http + fs.createReadStream server (target ≥ 0.9);
 * - the server's peak RSS growth during the uploads and during the downloads (target < 100 MB).
 * The disk's speed swings from run to run (2-3x on the shared VM), so each figure and its baselines
 * run alternately, BENCH_ROUNDS (default 3) times each, and the ratio is that of the medians; every
 * run is printed and kept in the result file.
 * Database: DATABASE_URL if set; else a database of its own on the local PostgreSQL
 * (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres); else embedded PGlite.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { api, login, type ServerProcess, startServer } from '../server/test/process-helpers';
import { type Figure, median, report } from './report';
import {
  bareServer,
  bareUploadServer,
  benchDatabase,
  cpuSeconds,
  streamFile,
  timeDownload,
  watchRss,
  writeRandomFile,
} from './upload-helpers';

const GiB = 1024 ** 3;
const MB = 1e6;
const TUS = { 'tus-resumable': '1.0.0' };

export async function run(): Promise<void> {
  const size = process.env.BENCH_BIG === '1' ? 5 * GiB : GiB;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const work = await fsp.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'parley-bench-'));
  const database = await benchDatabase();
  let server: ServerProcess | undefined;
  try {
    const source = path.join(work, 'source.bin');
    const sha256 = await writeRandomFile(source, size);
    // The source's own write-back must not be timed as part of the first baseline.
    execFileSync('sync');

    server = await startServer({
      DATA_DIR: path.join(work, 'data'),
      LIMIT_FILE_BYTES: String(Math.max(size, 5 * GiB)),
      ...database.env,
    });
    const url = server.url;
    const token = await login(url);
    const pid = server.child.pid!;

    const bareUpload = await bareUploadServer(work);
    // Rounds of: cp + sync, the bare upload server, tus-js-client, one PATCH from a bare node:http
    // client (the same client as for the bare server: tells the client's share from the server's).
    // Every upload but the first is removed again. CPU time is read around each upload.
    const seconds: Record<
      'cpSync' | 'bareUpload' | 'tus' | 'rawPatch' | 'bareDownload' | 'download',
      number[]
    > = {
      cpSync: [],
      bareUpload: [],
      tus: [],
      rawPatch: [],
      bareDownload: [],
      download: [],
    };
    const cpu: Record<'bareUpload' | 'tus' | 'rawPatch', number[]> = {
      bareUpload: [],
      tus: [],
      rawPatch: [],
    };
    const mbps = (s: number) => size / s / MB;
    const perGiB = (cpuS: number) => cpuS / (size / GiB);
    const uploadRss = watchRss(pid);
    let uploadId: string | undefined;
    for (let round = 1; round <= rounds; round++) {
      seconds.cpSync.push(await cpSync(source, path.join(work, 'copy.bin')));
      let cpu0 = cpuSeconds(bareUpload.pid);
      const bare = await streamFile(bareUpload.url, 'PUT', {}, source, size, 201);
      seconds.bareUpload.push(bare);
      cpu.bareUpload.push(perGiB(cpuSeconds(bareUpload.pid) - cpu0));
      cpu0 = cpuSeconds(pid);
      const viaTus = await tusUpload(url, token, source);
      cpu.tus.push(perGiB(cpuSeconds(pid) - cpu0));
      seconds.tus.push(viaTus.seconds);
      if (uploadId) await terminate(url, token, viaTus.id);
      uploadId ??= viaTus.id;
      cpu0 = cpuSeconds(pid);
      const raw = await rawTusUpload(url, token, source, size);
      cpu.rawPatch.push(perGiB(cpuSeconds(pid) - cpu0));
      seconds.rawPatch.push(raw.seconds);
      await terminate(url, token, raw.id);
      process.stdout.write(
        `upload: round ${round}/${rounds}: cp + sync ${mbps(seconds.cpSync.at(-1)!).toFixed(0)} MB/s, ` +
          `bare node:http ${mbps(bare).toFixed(0)} MB/s (${cpu.bareUpload.at(-1)!.toFixed(2)} CPU-s/GiB), ` +
          `tus ${mbps(viaTus.seconds).toFixed(0)} MB/s (${cpu.tus.at(-1)!.toFixed(2)} CPU-s/GiB), ` +
          `one raw PATCH ${mbps(raw.seconds).toFixed(0)} MB/s (${cpu.rawPatch.at(-1)!.toFixed(2)} CPU-s/GiB)\n`,
      );
    }
    bareUpload.stop();
    const upRss = await uploadRss.stop();

    const matter = await api<{ id: string }>(url, token, 'POST', '/matters', { title: 'Bench' });
    const doc = await api<{ items: { id: string }[] }>(
      url,
      token,
      'POST',
      `/matters/${matter.body.id}/documents`,
      { uploadId },
    );
    if (doc.status !== 201) throw new Error(`could not create the document: ${JSON.stringify(doc.body)}`);
    const documentUrl = `${url}/api/v1/documents/${doc.body.items[0]!.id}/content`;

    // Download: a bare node:http server over the same stored blob, and Parley, alternately.
    const blob = path.join(work, 'data', 'blobs', 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const stored = fs.existsSync(blob) ? blob : source; // S3 store: compare against the source file
    const bare = await bareServer(stored);
    const headers = { authorization: `Bearer ${token}` };
    const downloadRss = watchRss(pid);
    for (let round = 1; round <= rounds; round++) {
      seconds.bareDownload.push(await timeDownload(bare.url, {}, size));
      seconds.download.push(await timeDownload(documentUrl, headers, size));
      process.stdout.write(
        `upload: download round ${round}/${rounds}: node:http ${mbps(seconds.bareDownload.at(-1)!).toFixed(0)} MB/s, ` +
          `Parley ${mbps(seconds.download.at(-1)!).toFixed(0)} MB/s\n`,
      );
    }
    const downRss = await downloadRss.stop();
    bare.server.close();

    const cpMedian = mbps(median(seconds.cpSync));
    const bareMedian = mbps(median(seconds.bareUpload));
    const baseline = `cp + sync (median of ${rounds})`;
    const bareBaseline = `bare node:http + SHA-256 + fdatasync (median of ${rounds})`;
    const bareCpu = median(cpu.bareUpload);
    const figures: Figure[] = [
      ratioFigure(
        `upload throughput (tus, median of ${rounds})`,
        mbps(median(seconds.tus)),
        bareBaseline,
        bareMedian,
        0.9,
      ),
      cpuFigure(`server CPU per GiB uploaded (tus, median of ${rounds})`, median(cpu.tus), bareCpu, rounds),
      ratioFigure(
        `upload throughput (tus, median of ${rounds}) vs cp + sync`,
        mbps(median(seconds.tus)),
        baseline,
        cpMedian,
        0.8,
      ),
      ratioFigure(
        `download throughput (median of ${rounds})`,
        mbps(median(seconds.download)),
        `node:http + createReadStream (median of ${rounds})`,
        mbps(median(seconds.bareDownload)),
        0.9,
      ),
      ratioFigure(
        `upload throughput (one PATCH from bare node:http, diagnostic, median of ${rounds})`,
        mbps(median(seconds.rawPatch)),
        bareBaseline,
        bareMedian,
        0.9,
      ),
      cpuFigure(
        `server CPU per GiB uploaded (one raw PATCH, diagnostic, median of ${rounds})`,
        median(cpu.rawPatch),
        bareCpu,
        rounds,
      ),
      rssFigure('server peak RSS growth during the uploads', upRss),
      rssFigure('server peak RSS growth during download', downRss),
    ];
    const runsMBps = Object.fromEntries(
      Object.entries(seconds).map(([name, list]) => [name, list.map((s) => Math.round(mbps(s)))]),
    );
    await report('upload', figures, {
      bytes: size,
      cpuSecondsPerGiB: cpu,
      machine: 'shared (2 cores, other agents running); ratios are to baselines of the same run',
      database: database.kind,
      blobStore: process.env.BLOB_STORE ?? 'local',
      rounds,
      runsMBps,
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

function cpuFigure(name: string, value: number, bare: number, rounds: number): Figure {
  const ratio = value / bare;
  return {
    name,
    value,
    unit: 'CPU-s/GiB',
    ratio,
    baseline: { name: `bare node:http upload server (median of ${rounds})`, value: bare, unit: 'CPU-s/GiB' },
    target: 'ratio ≤ 1.2',
    met: ratio <= 1.2,
  };
}

function rssFigure(name: string, growthBytes: number): Figure {
  return { name, value: growthBytes / MB, unit: 'MB', target: '< 100 MB', met: growthBytes < 100 * MB };
}

async function cpSync(source: string, copy: string): Promise<number> {
  const start = performance.now();
  execFileSync('cp', [source, copy]);
  execFileSync('sync');
  const seconds = (performance.now() - start) / 1000;
  await fsp.rm(copy);
  return seconds;
}

/** tus-js-client, streaming the file from disk. */
async function tusUpload(
  base: string,
  token: string,
  file: string,
): Promise<{ seconds: number; id: string }> {
  const start = performance.now();
  const id = await new Promise<string>((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${base}/api/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata: { filename: 'bench.bin' },
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve(upload.url!.split('/').pop()!),
    });
    upload.start();
  });
  return { seconds: (performance.now() - start) / 1000, id };
}

async function rawTusUpload(base: string, token: string, file: string, size: number) {
  const headers = { authorization: `Bearer ${token}`, ...TUS };
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...headers, 'upload-length': String(size) },
  });
  const url = new URL(created.headers.get('location')!, base);
  const seconds = await streamFile(
    url.toString(),
    'PATCH',
    { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    file,
    size,
    204,
  );
  return { seconds, id: url.pathname.split('/').pop()! };
}

/** tus termination: the staged bytes go, so that the rounds do not fill the disk. */
async function terminate(base: string, token: string, id: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/uploads/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}`, ...TUS },
  });
  if (res.status !== 204) throw new Error(`DELETE upload ${res.status}`);
}
