import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { auditHeads, auditLog, firms } from '../../platform/db/schema';
import { type AuditContent, genesisHash, rowHash } from './audit';

export interface ChainReport {
  firmId: string;
  rows: number;
  ok: boolean;
  /** The first row that does not match the chain, and why. */
  broken?: { id: number | null; seq: number; reason: string };
}

const BATCH = 1000;

/** Walks each firm's chain in order and names the first broken row. */
export async function verifyAuditChain(db: Queryable, firmId?: string): Promise<ChainReport[]> {
  const firmIds = firmId ? [firmId] : (await db.select({ id: firms.id }).from(firms)).map((f) => f.id);
  const reports: ChainReport[] = [];
  for (const id of firmIds) reports.push(await verifyFirm(db, id));
  return reports;
}

async function verifyFirm(db: Queryable, firmId: string): Promise<ChainReport> {
  let prev = genesisHash(firmId);
  let expectedSeq = 1;
  let lastSeq = 0;
  let rows = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.firmId, firmId), gt(auditLog.seq, lastSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(BATCH);
    for (const row of batch) {
      rows++;
      const fail = (reason: string): ChainReport => ({
        firmId,
        rows,
        ok: false,
        broken: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq)
        return fail(`expected seq ${expectedSeq}, found ${row.seq} (a row is missing)`);
      if (row.prevHash !== prev) return fail('prev_hash does not match the hash of the row before it');
      const content: AuditContent = {
        firmId: row.firmId,
        seq: row.seq,
        actorType: row.actorType,
        actorId: row.actorId,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        matterId: row.matterId,
        ip: row.ip,
        userAgent: row.userAgent,
        data: row.data,
        createdAt: row.createdAt.toISOString(),
      };
      if (rowHash(prev, content) !== row.hash)
        return fail('the row content does not match its hash (it was changed)');
      prev = row.hash;
      expectedSeq++;
      lastSeq = row.seq;
    }
    if (batch.length < BATCH) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.firmId, firmId));
  if (head && (head.seq !== lastSeq || head.hash !== prev)) {
    return {
      firmId,
      rows,
      ok: false,
      broken: {
        id: null,
        seq: lastSeq + 1,
        reason: `the chain head is at seq ${head.seq}: rows after seq ${lastSeq} were removed`,
      },
    };
  }
  return { firmId, rows, ok: true };
}
