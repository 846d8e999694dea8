import { expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

interface Write {
  key: string;
  group?: string;
  fail?: boolean;
  value: number;
}

/** A fake database: records each statement, answers after a tick, can be told to fail a batch. */
function harness(options: { maxInFlight?: number; maxBatch?: number; failBatches?: boolean } = {}) {
  const statements: { kind: 'one' | 'many'; writes: Write[] }[] = [];
  const running = new Set<string>();
  const overlaps: string[] = [];
  const enter = (writes: Write[]) => {
    for (const w of writes) {
      if (running.has(w.key)) overlaps.push(w.key);
      running.add(w.key);
    }
  };
  const leave = (writes: Write[]) => {
    for (const w of writes) running.delete(w.key);
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const group = new GroupCommit<Write, number>({
    group: (w) => w.group ?? 'g',
    key: (w) => w.key,
    one: async (w) => {
      statements.push({ kind: 'one', writes: [w] });
      enter([w]);
      await tick();
      leave([w]);
      if (w.fail) throw new Error(`write ${w.value} refused`);
      return w.value * 10;
    },
    many: async (ws) => {
      statements.push({ kind: 'many', writes: ws });
      enter(ws);
      await tick();
      leave(ws);
      if (options.failBatches || ws.some((w) => w.fail)) throw new Error('batch failed');
      return ws.map((w) => (w.value < 0 ? new Error(`hidden ${w.value}`) : w.value * 10));
    },
    maxInFlight: options.maxInFlight ?? 2,
    maxBatch: options.maxBatch ?? 64,
  });
  return { group, statements, overlaps };
}

it('sends a lone write at once, by itself', async () => {
  const { group, statements } = harness();
  expect(await group.run({ key: 'a', value: 1 })).toBe(10);
  expect(statements).toEqual([{ kind: 'one', writes: [{ key: 'a', value: 1 }] }]);
});

it('sends what queues behind a full pipeline together, one write per key, keys never in two statements', async () => {
  const { group, statements, overlaps } = harness({ maxInFlight: 2 });
  const writes = Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 8}`, value: i }));
  const results = await Promise.all(writes.map((w) => group.run(w)));
  expect(results).toEqual(writes.map((w) => w.value * 10));
  expect(overlaps).toEqual([]);
  for (const s of statements) expect(new Set(s.writes.map((w) => w.key)).size).toBe(s.writes.length);
  expect(statements.length).toBeLessThan(40);
  expect(group.stats.largestBatch).toBeGreaterThan(1);
  // Within a key, writes leave in arrival order.
  const order = statements.flatMap((s) => s.writes).filter((w) => w.key === 'k3');
  expect(order.map((w) => w.value)).toEqual([3, 11, 19, 27, 35]);
});

it('never mixes groups in one statement, and respects maxBatch', async () => {
  const { group, statements } = harness({ maxInFlight: 1, maxBatch: 3 });
  const writes = Array.from({ length: 12 }, (_, i) => ({
    key: `k${i}`,
    group: i % 2 ? 'odd' : 'even',
    value: i,
  }));
  await Promise.all(writes.map((w) => group.run(w)));
  for (const s of statements) {
    expect(s.writes.length).toBeLessThanOrEqual(3);
    expect(new Set(s.writes.map((w) => w.group)).size).toBe(1);
  }
});

it('a failed batch goes again one write at a time: only the bad write fails', async () => {
  const { group, statements } = harness({ maxInFlight: 1 });
  const first = group.run({ key: 'x', value: 0 }); // keeps the pipeline busy so the rest queue
  const rest = [1, 2, 3, 4].map((value) =>
    group.run({ key: `k${value}`, value, fail: value === 3 }).then(
      (r) => r,
      (e: Error) => e.message,
    ),
  );
  await first;
  expect(await Promise.all(rest)).toEqual([10, 20, 'write 3 refused', 40]);
  expect(statements.map((s) => s.kind)).toEqual(['one', 'many', 'one', 'one', 'one', 'one']);
});

it('an error for one write of a batch reaches that caller only', async () => {
  const { group } = harness({ maxInFlight: 1 });
  const first = group.run({ key: 'x', value: 0 });
  const rest = [1, -2, 3].map((value) =>
    group.run({ key: `k${value}`, value }).then(
      (r) => r,
      (e: Error) => e.message,
    ),
  );
  await first;
  expect(await Promise.all(rest)).toEqual([10, 'hidden -2', 30]);
});
