/**
 * Issue #19 item 8: a chain re-made from row 50 with `audit_heads` moved to match verifies as
 * intact on its own; against a signed checkpoint written outside the database it does not.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditContent, rowHash } from '../src/modules/audit/audit';
import { appendAudit } from '../src/modules/audit/audit.repository';
import {
  checkpointKey,
  checkpointSignatureValid,
  latestCheckpointName,
  readLatestCheckpoint,
  writeAuditCheckpoints,
} from '../src/modules/audit/checkpoint';
import { sealAudit } from '../src/modules/audit/seal';
import { verifyAuditChain } from '../src/modules/audit/verify-chain';
import { SecretBox } from '../src/platform/crypto/secret-box';
import { auditHeads, auditLog } from '../src/platform/db/schema';
import { createTestEnv, seedFirm, type TestEnv } from './helpers';
import { expectErrorLogs } from './support/error-logs';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function firmWithRows(n: number): Promise<string> {
  const { firm } = await seedFirm(env.deps);
  for (let i = 0; i < n; i++) {
    await env.deps.db.transaction((tx) =>
      appendAudit(tx, {
        firmId: firm.id,
        actor: { type: 'system' },
        action: `test.row${i}`,
        meta: { ip: null, userAgent: null },
      }),
    );
  }
  await sealAudit(env.deps.db, firm.id);
  return firm.id;
}

/** What someone with write access to the database can do: change row `from`, re-chain from there, keep `keep` rows. */
async function rechain(firmId: string, from: number, keep: number) {
  const db = env.deps.db;
  await db.delete(auditLog).where(and(eq(auditLog.firmId, firmId), sql`${auditLog.seq} > ${keep}`));
  await db
    .update(auditLog)
    .set({ action: 'forged' })
    .where(and(eq(auditLog.firmId, firmId), eq(auditLog.seq, from)));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.firmId, firmId), gte(auditLog.seq, from)))
    .orderBy(asc(auditLog.seq));
  let prev = rows[0]!.prevHash!;
  for (const row of rows) {
    const hash = rowHash(prev, auditContent(row, Number(row.seq)));
    await db.update(auditLog).set({ prevHash: prev, hash }).where(eq(auditLog.id, row.id));
    prev = hash;
  }
  await db.update(auditHeads).set({ seq: keep, hash: prev }).where(eq(auditHeads.firmId, firmId));
}

describe('signed audit checkpoints', () => {
  it('a chain re-made from row 50 with audit_heads moved back fails against the latest checkpoint', async () => {
    const firmId = await firmWithRows(80);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const [checkpoint] = (await writeAuditCheckpoints(env.deps, log)).filter((c) => c.firmId === firmId);
    expect(checkpoint).toMatchObject({ firmId, seq: 80 });
    // Outside the database: in the blob store and in the log, signed by the key of SECRETS_KEY.
    expect(await readLatestCheckpoint(env.deps.blobs, firmId)).toEqual(checkpoint);
    expect(lines.map((l) => JSON.parse(l).auditCheckpoint).filter((c) => c?.firmId === firmId)).toEqual([
      checkpoint,
    ]);
    expect(checkpointSignatureValid(checkpoint!, checkpointKey(env.deps.secrets).publicKey)).toBe(true);
    // Nothing new: no second checkpoint.
    expect((await writeAuditCheckpoints(env.deps, log)).filter((c) => c.firmId === firmId)).toEqual([]);

    await rechain(firmId, 50, 70);
    // The chain alone still looks whole: this is the finding.
    expect((await verifyAuditChain(env.deps.db, firmId))[0]).toMatchObject({ ok: true, rows: 70 });
    const [report] = await verifyAuditChain(env.deps.db, firmId, (id) =>
      readLatestCheckpoint(env.deps.blobs, id),
    );
    expect(report).toMatchObject({ ok: false, broken: { seq: 71 } });
    expect(report!.broken!.reason).toMatch(/checkpoint signed at .* covers seq 80: rows were removed/);

    // The next checkpoint round notices the head went back, says so, and keeps the old checkpoint.
    const logged = expectErrorLogs(/the chain was rewritten/);
    expect(await writeAuditCheckpoints(env.deps, env.deps.log)).not.toContainEqual(
      expect.objectContaining({ firmId }),
    );
    expect(logged()).toHaveLength(1);
    expect(await readLatestCheckpoint(env.deps.blobs, firmId)).toEqual(checkpoint);
  });

  it('a rewrite that keeps every row is caught at the checkpoint seq', async () => {
    const firmId = await firmWithRows(60);
    await writeAuditCheckpoints(env.deps, pino({ level: 'silent' }));
    await rechain(firmId, 50, 60);
    expect((await verifyAuditChain(env.deps.db, firmId))[0]!.ok).toBe(true);
    const [report] = await verifyAuditChain(env.deps.db, firmId, (id) =>
      readLatestCheckpoint(env.deps.blobs, id),
    );
    expect(report).toMatchObject({ ok: false, broken: { seq: 60 } });
    expect(report!.broken!.reason).toMatch(/does not pass through the checkpoint/);
  });

  it('a checkpoint not signed by the key (changed, or signed by another key) is not valid', async () => {
    const firmId = await firmWithRows(3);
    await writeAuditCheckpoints(env.deps, pino({ level: 'silent' }));
    const checkpoint = (await readLatestCheckpoint(env.deps.blobs, firmId))!;
    const ours = checkpointKey(env.deps.secrets).publicKey;
    expect(checkpointSignatureValid(checkpoint, ours)).toBe(true);
    expect(checkpointSignatureValid({ ...checkpoint, seq: 2 }, ours)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, hash: '0'.repeat(64) }, ours)).toBe(false);
    const other = checkpointKey(new SecretBox(randomBytes(32)));
    expect(other.publicKey).not.toBe(ours);
    expect(checkpointSignatureValid({ ...checkpoint, publicKey: other.publicKey }, other.publicKey)).toBe(
      false,
    );
    expect(checkpointSignatureValid(checkpoint, other.publicKey)).toBe(false);
    // The same secrets key gives the same signing key on every node.
    expect(checkpointKey(env.deps.secrets).publicKey).toBe(ours);
    expect(await env.deps.blobs.getRecord(latestCheckpointName('no-such-firm'))).toBeNull();
  });
});
