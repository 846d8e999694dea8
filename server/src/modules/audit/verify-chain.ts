import type { Queryable } from '../../platform/db/database';
import { auditContent, genesisHash, rowHash } from './audit';
import { allFirmIds, chainHead, sealedRowsAfter, unsealedCount } from './audit-chain.repository';
import type { AuditCheckpoint } from './checkpoint';

export interface ChainReport {
  firmId: string;
  rows: number;
  ok: boolean;
  /** Rows appended but not sealed yet (the sealer chains them shortly): not covered by this check. */
  pending?: number;
  /** The first row that does not match the chain, and why. */
  broken?: { id: number | null; seq: number; reason: string };
  /** The signed checkpoint the chain was checked against (its signature checked by the caller). */
  checkpoint?: { seq: number; at: string };
}

const BATCH = 1000;

/**
 * Walks each firm's sealed chain in order and names the first broken row. With a firm's signed
 * checkpoint (`checkpointFor`), the chain must also pass through its (seq, hash): a chain re-made
 * from some row on, with `audit_heads` moved to match, is consistent in itself but not with it.
 */
export async function verifyAuditChain(
  db: Queryable,
  firmId?: string,
  checkpointFor?: (firmId: string) => Promise<AuditCheckpoint | null>,
): Promise<ChainReport[]> {
  const firmIds = firmId ? [firmId] : await allFirmIds(db);
  const reports: ChainReport[] = [];
  for (const id of firmIds) {
    const checkpoint = (await checkpointFor?.(id)) ?? null;
    const report = await verifyFirm(db, id, checkpoint);
    reports.push(checkpoint ? { ...report, checkpoint: { seq: checkpoint.seq, at: checkpoint.at } } : report);
  }
  return reports;
}

async function verifyFirm(
  db: Queryable,
  firmId: string,
  checkpoint: AuditCheckpoint | null,
): Promise<ChainReport> {
  let prev = genesisHash(firmId);
  let expectedSeq = 1;
  let lastSeq = 0;
  let rows = 0;
  const broken = (id: number | null, seq: number, reason: string): ChainReport => ({
    firmId,
    rows,
    ok: false,
    broken: { id, seq, reason },
  });
  for (;;) {
    const batch = await sealedRowsAfter(db, firmId, lastSeq, BATCH);
    for (const row of batch) {
      rows++;
      const seq = Number(row.seq); // sealed rows only (seq > lastSeq)
      const fail = (reason: string) => broken(row.id, seq, reason);
      if (seq !== expectedSeq) return fail(`expected seq ${expectedSeq}, found ${seq} (a row is missing)`);
      if (row.prevHash !== prev) return fail('prev_hash does not match the hash of the row before it');
      if (!row.hash || rowHash(prev, auditContent(row, seq)) !== row.hash)
        return fail('the row content does not match its hash (it was changed)');
      if (checkpoint && seq === checkpoint.seq && row.hash !== checkpoint.hash)
        return fail(
          `the chain does not pass through the checkpoint signed at ${checkpoint.at}: rows up to seq ${seq} were rewritten`,
        );
      prev = row.hash;
      expectedSeq++;
      lastSeq = seq;
    }
    if (batch.length < BATCH) break;
  }
  if (checkpoint && lastSeq < checkpoint.seq) {
    return broken(
      null,
      lastSeq + 1,
      `the chain ends at seq ${lastSeq}, but a checkpoint signed at ${checkpoint.at} covers seq ${checkpoint.seq}: rows were removed`,
    );
  }
  const head = await chainHead(db, firmId);
  if (head && (head.seq !== lastSeq || head.hash !== prev)) {
    return broken(
      null,
      lastSeq + 1,
      `the chain head is at seq ${head.seq}: rows after seq ${lastSeq} were removed`,
    );
  }
  const pending = await unsealedCount(db, firmId);
  return pending ? { firmId, rows, ok: true, pending } : { firmId, rows, ok: true };
}
