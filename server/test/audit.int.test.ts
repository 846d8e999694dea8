import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/modules/audit/audit.repository';
import { writeAuditCheckpoints } from '../src/modules/audit/checkpoint';
import { AuditSealer, sealAudit } from '../src/modules/audit/seal';
import { verifyAuditChain } from '../src/modules/audit/verify-chain';
import { LocalBlobStore } from '../src/platform/blobs/local';
import { loadSecretBox } from '../src/platform/crypto/secret-box';
import { openDatabase } from '../src/platform/db/database';
import { auditLog } from '../src/platform/db/schema';
import { call, createTestEnv, seedFirm, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function firmWithHistory() {
  const { firm, admin } = await seedFirm(env.deps);
  const matter = (await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'Audited' } })).json();
  await call(env.app, 'PATCH', `/matters/${matter.id}`, { as: admin, body: { title: 'Audited 2' } });
  const contact = (
    await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 'A. Contact' } })
  ).json();
  await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
    as: admin,
    body: { contactId: contact.id, role: 'Client' },
  });
  return { firm, admin, matter };
}

/** The firm's rows in append order (sealed or not). */
const appended = (firmId: string) =>
  env.deps.db.select().from(auditLog).where(eq(auditLog.firmId, firmId)).orderBy(asc(auditLog.id));

/** The firm's rows once sealed into its chain, in chain order. */
const rowsOf = async (firmId: string) => {
  await sealAudit(env.deps.db, firmId);
  return env.deps.db.select().from(auditLog).where(eq(auditLog.firmId, firmId)).orderBy(asc(auditLog.seq));
};

const systemEntry = (firmId: string, action: string) => ({
  firmId,
  actor: { type: 'system' as const },
  action,
  meta: { ip: null, userAgent: null },
});

describe('audit log', () => {
  it('writes one row per change, with actor, target, matter, IP and user agent, chained per firm', async () => {
    const { firm, admin, matter } = await firmWithHistory();
    const rows = await rowsOf(firm.id);
    expect(rows.map((r) => r.action)).toEqual([
      'matter.create',
      'matter.update',
      'contact.create',
      'party.add',
    ]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0]).toMatchObject({
      actorType: 'staff',
      actorId: admin.id,
      targetType: 'matter',
      targetId: matter.id,
      matterId: matter.id,
    });
    expect(rows[0]!.ip).toBe('127.0.0.1');
    expect(rows[0]!.userAgent).toBe('lightMyRequest');
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(env.deps.db, firm.id)).toEqual([{ firmId: firm.id, rows: 4, ok: true }]);
  });

  it('a refused write leaves no audit row (same transaction)', async () => {
    const { firm, admin } = await seedFirm(env.deps);
    await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'X', staffIds: ['ghost'] } });
    expect(await rowsOf(firm.id)).toHaveLength(0);
  });

  it('appends without chaining; the sealer chains rows in append order, and verify counts the rest as pending', async () => {
    const { firm } = await firmWithHistory();
    const before = await appended(firm.id);
    expect(before.map((r) => [r.seq, r.hash])).toEqual(before.map(() => [null, null]));
    expect(await verifyAuditChain(env.deps.db, firm.id)).toEqual([
      { firmId: firm.id, rows: 0, ok: true, pending: 4 },
    ]);
    expect(await sealAudit(env.deps.db)).toBeGreaterThanOrEqual(4);
    const sealed = await appended(firm.id);
    expect(sealed.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    // Rows appended later continue the same chain.
    await env.deps.db.transaction((tx) => appendAudit(tx, systemEntry(firm.id, 'later.event')));
    expect((await verifyAuditChain(env.deps.db, firm.id))[0]).toMatchObject({ rows: 4, pending: 1 });
    expect((await rowsOf(firm.id)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyAuditChain(env.deps.db, firm.id)).toEqual([{ firmId: firm.id, rows: 5, ok: true }]);
  });

  it('two sealers at once (two nodes) make one gapless chain', async () => {
    const { firm } = await seedFirm(env.deps);
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          env.deps.db.transaction((tx) => appendAudit(tx, systemEntry(firm.id, `burst.${round}.${i}`))),
        ),
      );
      await Promise.all([sealAudit(env.deps.db), sealAudit(env.deps.db, firm.id)]);
    }
    await sealAudit(env.deps.db, firm.id);
    const rows = await appended(firm.id);
    expect(rows.map((r) => r.seq).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 90 }, (_, i) => i + 1),
    );
    expect(await verifyAuditChain(env.deps.db, firm.id)).toEqual([{ firmId: firm.id, rows: 90, ok: true }]);
  });

  it("a worker node's sealer chains rows on its own, and seals what is left when it stops", async () => {
    const { firm } = await seedFirm(env.deps);
    const sealer = new AuditSealer(env.deps.db, env.deps.log, 20);
    sealer.start();
    try {
      await env.deps.db.transaction((tx) => appendAudit(tx, systemEntry(firm.id, 'timed.event')));
      await expect.poll(async () => (await appended(firm.id))[0]?.seq ?? null, { timeout: 5000 }).toBe(1);
      await env.deps.db.transaction((tx) => appendAudit(tx, systemEntry(firm.id, 'last.event')));
    } finally {
      await sealer.stop();
    }
    expect((await appended(firm.id)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it.each([
    [
      'a changed field',
      (id: number) => sql`update audit_log set action = 'matter.delete' where id = ${id}`,
      'changed',
      2,
    ],
    [
      'a changed data payload',
      (id: number) => sql`update audit_log set data = '{"title":"forged"}' where id = ${id}`,
      'changed',
      2,
    ],
    // The row after the gap is the first that does not fit: "expected seq 2, found 3".
    ['a deleted row', (id: number) => sql`delete from audit_log where id = ${id}`, 'expected seq 2', 3],
  ])('names the first broken row after %s', async (_label, tamper, reason, seq) => {
    const { firm } = await firmWithHistory();
    const rows = await rowsOf(firm.id);
    await env.deps.db.execute(tamper(rows[1]!.id));
    const [report] = await verifyAuditChain(env.deps.db, firm.id);
    expect(report!.ok).toBe(false);
    expect(report!.broken!.seq).toBe(seq);
    expect(report!.broken!.reason).toContain(reason);
  });

  it('detects rows removed from the end of the chain', async () => {
    const { firm } = await firmWithHistory();
    await sealAudit(env.deps.db, firm.id);
    await env.deps.db.execute(sql`delete from audit_log where firm_id = ${firm.id} and seq = 4`);
    const [report] = await verifyAuditChain(env.deps.db, firm.id);
    expect(report!.ok).toBe(false);
    expect(report!.broken!.reason).toContain('removed');
  });

  it('keeps one gapless chain under concurrent writers', async () => {
    const { firm, admin } = await seedFirm(env.deps);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(env.app, 'POST', '/contacts', { as: admin, body: { name: `Concurrent ${i}` } }),
      ),
    );
    await Promise.all(
      Array.from({ length: 8 }, () =>
        env.deps.db.transaction((tx) =>
          appendAudit(tx, {
            firmId: firm.id,
            actor: { type: 'system' },
            action: 'test.event',
            meta: { ip: null, userAgent: null },
          }),
        ),
      ),
    );
    const rows = await rowsOf(firm.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await verifyAuditChain(env.deps.db, firm.id))[0]!.ok).toBe(true);
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain and 1 naming the row when tampered', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-audit-cli-'));
    const url = process.env.TEST_DATABASE_URL;
    // The CLI opens the database the way the server does: PGlite in DATA_DIR/db, or DATABASE_URL.
    const database = url
      ? env.deps.database
      : await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db') });
    let firmId: string;
    if (!url) {
      await database.migrate();
      const [firm] = await database.db
        .execute(sql`insert into firms (id, name) values ('f-cli', 'CLI firm') returning id`)
        .then((r) => (r as unknown as { rows: { id: string }[] }).rows);
      firmId = firm!.id;
      for (let i = 0; i < 3; i++) {
        await database.db.transaction((tx) =>
          appendAudit(tx, {
            firmId,
            actor: { type: 'system' },
            action: `cli.${i}`,
            meta: { ip: null, userAgent: null },
          }),
        );
      }
      await sealAudit(database.db);
    } else {
      firmId = (await firmWithHistory()).firm.id;
      await sealAudit(env.deps.db, firmId);
    }
    // A worker's signed checkpoint, where the CLI finds it: DATA_DIR's blob store and secrets key.
    await writeAuditCheckpoints(
      {
        db: database.db,
        blobs: new LocalBlobStore(path.join(dataDir, 'blobs')),
        secrets: await loadSecretBox({ DATA_DIR: dataDir }),
      },
      pino({ level: 'silent' }),
    );
    if (!url) await database.close();
    const run = async () => {
      const dbEnv = url ? { DATABASE_URL: databaseUrlOf(env) } : {};
      try {
        const { stdout } = await promisify(execFile)(
          'npx',
          ['tsx', 'src/modules/audit/verify-cli.ts', '--firm', firmId],
          { env: { ...process.env, DATA_DIR: dataDir, ...dbEnv } },
        );
        return { code: 0, stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    const ok = await run();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('chain intact');
    expect(ok.stdout).toMatch(/matches the checkpoint signed at .* \(seq \d+\)/);
    if (url) {
      await env.deps.db.execute(
        sql`update audit_log set action = 'forged' where firm_id = ${firmId} and seq = 2`,
      );
    } else {
      const again = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db') });
      await again.db.execute(
        sql`update audit_log set action = 'forged' where firm_id = ${firmId} and seq = 2`,
      );
      await again.close();
    }
    const broken = await run();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at seq 2/);
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 60_000);
});

function databaseUrlOf(e: TestEnv): string {
  const pool = e.deps.database.pool!;
  const o = pool.options as { connectionString: string };
  return o.connectionString;
}
