/**
 * Baselines for latency figures, measured in the same run as the figure (issue #20 item 10): on
 * another day the same machine type gave raw INSERT p50 11.9 ms instead of 3.5 ms, every absolute
 * target failed and every ratio held. So each latency figure is divided by the nearest bare
 * operation: one indexed lookup (in process, or behind a bare node:http server), a raw INSERT plus
 * a bare `ws` send.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import type { Figure } from './report';

/** `runs` timings (ms) of `one()`, after `warm` untimed calls. */
export async function timeEach(runs: number, one: () => Promise<unknown>, warm = 20): Promise<number[]> {
  for (let i = 0; i < warm; i++) await one();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await one();
    samples.push(performance.now() - t);
  }
  return samples;
}

/**
 * A bare node:http server on the same pool: `GET /lookup` runs one indexed lookup and answers its
 * row as JSON; `POST /update` runs one indexed UPDATE. The HTTP + one-statement floor under a route.
 */
export async function bareLookupServer(
  pool: pg.Pool,
  lookup: { text: string; values: unknown[] },
  update: { text: string; values: unknown[] },
) {
  const server = http.createServer((req, res) => {
    const statement = req.method === 'POST' ? update : lookup;
    pool.query(statement.text, statement.values).then(
      (result) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows));
      },
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    lookupUrl: `http://127.0.0.1:${port}/lookup`,
    updateUrl: `http://127.0.0.1:${port}/update`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A bare `ws` server with one client: `send` pushes bytes, `received` resolves when they arrive. */
export async function bareSocketPair() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => client.once('open', resolve));
  const socket = await serverSide;
  return {
    socket,
    client,
    close() {
      client.close();
      server.close();
    },
  };
}

/**
 * A latency figure as a ratio to its same-run baseline, with the target on the ratio; the absolute
 * value stays in the figure, and the old absolute target is kept beside it for reference.
 */
export function latencyFigure(options: {
  name: string;
  value: number;
  baselineName: string;
  baseline: number;
  maxRatio: number;
  absoluteTarget: number;
  /** Another condition the figure must meet (e.g. every message delivered). */
  also?: { ok: boolean; text: string };
}): Figure {
  const ratio = options.value / options.baseline;
  return {
    name: options.name,
    value: options.value,
    unit: 'ms',
    ratio,
    baseline: { name: options.baselineName, value: options.baseline, unit: 'ms' },
    target: `ratio ≤ ${options.maxRatio}${options.also ? `, ${options.also.text}` : ''}`,
    met: ratio <= options.maxRatio && (options.also?.ok ?? true),
    reference: { target: `≤ ${options.absoluteTarget} ms`, met: options.value <= options.absoluteTarget },
  };
}
