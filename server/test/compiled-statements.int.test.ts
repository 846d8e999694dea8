import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledStatements } from '../src/platform/db/database';
import { createTestEnv, type TestEnv } from './helpers';

/** Hot statements built once per shape: the values of each call, never those of the first. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const P = (name: string) => sql.placeholder(name);
const names = Array.from({ length: 12 }, (_, i) => `v${i + 1}`);

describe('CompiledStatements', () => {
  it('binds each call its own values (12 of them: $1 is not $10), on the pool and in a transaction', async () => {
    const statements = new CompiledStatements();
    let builds = 0;
    const build = () => {
      builds++;
      return sql`select ${sql.join(
        names.map((n) => sql`${P(n)}::text`),
        sql` || ',' || `,
      )} as joined, ${'constant'}::text as fixed`;
    };
    const run = (q: Parameters<typeof statements.rows>[0], offset: number) =>
      statements.rows<{ joined: string; fixed: string }>(
        q,
        'joined',
        build,
        Object.fromEntries(names.map((n, i) => [n, `${n}=${i + offset}`])),
      );
    const first = await run(env.deps.db, 0);
    const second = await run(env.deps.db, 100);
    const inTx = await env.deps.db.transaction((tx) => run(tx, 1000));
    expect(first[0]).toEqual({ joined: names.map((n, i) => `${n}=${i}`).join(','), fixed: 'constant' });
    expect(second[0]!.joined).toBe(names.map((n, i) => `${n}=${i + 100}`).join(','));
    expect(inTx[0]!.joined).toBe(names.map((n, i) => `${n}=${i + 1000}`).join(','));
    expect(builds).toBe(1);
  });

  it('refuses a call that lacks a value', async () => {
    const statements = new CompiledStatements();
    await expect(statements.rows(env.deps.db, 'x', () => sql`select ${P('x')}::int`, {})).rejects.toThrow(
      /placeholder/i,
    );
  });
});
