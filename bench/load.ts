/**
 * `npm run bench -- load` (issue #20 item 8): how many active people one server core carries.
 * PostgreSQL (a database of its own, BENCH_DATABASE_URL) and two real server processes sharing it
 * and one DATA_DIR. N simulated people (80 % staff, 20 % clients, bench/load-people.ts), spread over
 * the two nodes, each with an open socket; each reads their home view, opens their conversation and
 * marks it read every BENCH_LOAD_READ_SECONDS (default 30) and posts once per 2 minutes (10 % with a
 * 16 KiB file through tus), at random offsets. N steps up (BENCH_LOAD_STEPS, default
 * 100,200,400,800,1200,1600), BENCH_LOAD_SECONDS (default 120) each; a step passes when p99 of every
 * request kind is ≤ 200 ms, no request fails and every post reached every other member's socket.
 *
 * The figure: the largest passing N divided by the cores the servers had (the machine's cores:
 * nodes, PostgreSQL and the load generator share them), with Mattermost's published ~1,000 users
 * per 2 vCPU (500 per core) as the anchor; target ≥ 1,000 per core. The load generator is this one
 * Node process: JavaScript runs on one thread, so it uses at most one core (its CPU-seconds per
 * second are measured and reported beside the servers'), fewer than the two it measures.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/platform/db/database';
import { type ServerProcess, startServer } from '../server/test/process-helpers';
import { openSocket, post, readAround, seedPeople, Tally } from './load-people';
import { withBenchDatabase } from './postgres';
import { type Figure, percentile, report } from './report';
import { cpuSeconds } from './upload-helpers';

const log = (line: string) => process.stderr.write(`[load bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const P99_MS = 200;

interface Step {
  people: number;
  passed: boolean;
  p99: Record<string, number>;
  requests: number;
  failures: number;
  firstFailures: string[];
  delivered: number;
  expected: number;
  posts: number;
  /** CPU cores used on average during the step */
  cores: { nodes: number[]; generator: number; machine: number };
}

export async function run(): Promise<void> {
  const steps = (process.env.BENCH_LOAD_STEPS ?? '100,200,400,800,1200,1600').split(',').map(Number);
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
  await withBenchDatabase('parley_bench_load', async (url, dataDir) => {
    const nodes: ServerProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        nodes.push(
          await startServer({
            DATABASE_URL: url,
            DATA_DIR: dataDir,
            LOG_LEVEL: 'error',
            PUBLIC_URL: 'http://127.0.0.1',
            SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
          }),
        );
      }
      const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
      const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const results: Step[] = [];
      try {
        for (const people of steps) {
          const step = await runStep(database, config, nodes, people, seconds);
          results.push(step);
          log(
            `${people} people: ${step.passed ? 'PASS' : 'FAIL'}; p99 ${JSON.stringify(step.p99)}; ` +
              `${step.failures} failed of ${step.requests}; delivered ${step.delivered}/${step.expected}; ` +
              `cores nodes ${step.cores.nodes.map((c) => c.toFixed(2)).join('+')}, generator ${step.cores.generator.toFixed(2)}, machine ${step.cores.machine.toFixed(2)}`,
          );
          if (!step.passed) break;
        }
      } finally {
        await database.close();
      }
      await reportSteps(results, seconds);
    } finally {
      for (const node of nodes) await node.stop();
    }
  });
}

async function runStep(
  database: Awaited<ReturnType<typeof openDatabase>>,
  config: ReturnType<typeof loadConfig>,
  nodes: ServerProcess[],
  count: number,
  seconds: number,
): Promise<Step> {
  const bases = nodes.map((n) => n.url);
  log(`${count} people: seeding`);
  const people = await seedPeople(database, config, count, bases);
  const tally = new Tally();
  for (let i = 0; i < people.length; i++) await openSocket(people, i, tally);
  log(`${people.length} sockets open; running ${seconds} s`);
  const readEvery = Number(process.env.BENCH_LOAD_READ_SECONDS ?? 30) * 1000;
  const postEvery = 120_000;
  const pids = nodes.map((n) => n.child.pid!);
  const cpu0 = { nodes: pids.map(cpuSeconds), generator: process.cpuUsage(), machine: machineBusy() };
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let posts = 0;
  const loops = people.map(async (_, index) => {
    const person = people[index]!;
    let nextRead = t0 + Math.random() * readEvery;
    let nextPost = t0 + Math.random() * postEvery;
    for (;;) {
      const due = Math.min(nextRead, nextPost);
      if (due >= end) return;
      await sleep(Math.max(0, due - performance.now()));
      if (nextPost <= nextRead) {
        posts += 1;
        await post(people, index, tally, Math.random() < 0.1);
        nextPost += postEvery * (0.5 + Math.random());
      } else {
        await readAround(person, tally);
        nextRead += readEvery * (0.5 + Math.random());
      }
    }
  });
  await Promise.all(loops);
  const wall = (performance.now() - t0) / 1000;
  const generator = process.cpuUsage(cpu0.generator);
  const cores = {
    nodes: pids.map((pid, i) => (cpuSeconds(pid) - cpu0.nodes[i]!) / wall),
    generator: (generator.user + generator.system) / 1e6 / wall,
    machine: busyCores(cpu0.machine, machineBusy()),
  };
  const deadline = performance.now() + 5000;
  while (tally.delivered < tally.expected && performance.now() < deadline) await sleep(50);
  for (const p of people) p.socket?.close();
  const p99: Record<string, number> = {};
  let requests = 0;
  for (const [kind, list] of tally.latencies) {
    p99[kind] = Math.round(percentile(list, 99) * 10) / 10;
    requests += list.length;
  }
  const passed =
    Object.values(p99).every((v) => v <= P99_MS) &&
    tally.failures.length === 0 &&
    tally.delivered === tally.expected;
  return {
    people: people.length,
    passed,
    p99,
    requests,
    failures: tally.failures.length,
    firstFailures: tally.failures.slice(0, 5),
    delivered: tally.delivered,
    expected: tally.expected,
    posts,
    cores,
  };
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineBusy(): { busy: number; total: number } {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function busyCores(a: { busy: number; total: number }, b: { busy: number; total: number }) {
  return ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
}

/** Which resource ran out first at the failing (or last) step, from the measured CPU use. */
function saturated(step: Step): string {
  const cpus = os.cpus().length;
  const node = Math.max(...step.cores.nodes);
  if (step.cores.machine >= 0.9 * cpus)
    return `the machine's CPU (${step.cores.machine.toFixed(2)} of ${cpus} cores busy: nodes, PostgreSQL, the generator and other jobs on the machine)`;
  if (node >= 0.9) return `a server node's event loop (${node.toFixed(2)} of its one core)`;
  if (step.delivered < step.expected) return 'realtime delivery (posts missing on sockets) before CPU';
  return `none of CPU (machine ${step.cores.machine.toFixed(2)} of ${cpus} cores): latency or failures first`;
}

async function reportSteps(steps: Step[], seconds: number) {
  const cpus = os.cpus().length;
  const passing = steps.filter((s) => s.passed);
  const best = passing.at(-1)?.people ?? 0;
  const perCore = best / cpus;
  const limit = steps.find((s) => !s.passed) ?? steps.at(-1);
  const figures: Figure[] = [
    {
      name: `active people per server core (largest passing N ${best} / ${cpus} cores; p99 ≤ ${P99_MS} ms, no failure, every post delivered)`,
      value: perCore,
      unit: 'people/core',
      ratio: perCore / 500,
      baseline: { name: "Mattermost's published ~1,000 users per 2 vCPU", value: 500, unit: 'people/core' },
      target: '≥ 1,000 people per core',
      met: perCore >= 1000,
    },
  ];
  await report('load', figures, {
    database: 'postgres',
    nodes: 2,
    cpus,
    secondsPerStep: seconds,
    machine: 'shared (2 cores, other agents running): nodes, PostgreSQL and the generator share them',
    generator: 'this one Node process (one JavaScript thread: at most one core); its cores are in each step',
    firstToSaturate: limit ? saturated(limit) : 'no step ran',
    steps,
  });
  if (limit) log(`first to saturate: ${saturated(limit)}`);
}
