import type { Logger } from 'pino';
import type { Db, Queryable } from '../../platform/db/database';
import { auditContent, rowHash } from './audit';
import {
  ensureAuditHead,
  firmsWithUnsealedRows,
  lockChainHead,
  unsealedRows,
  writeSeals,
} from './audit-chain.repository';

/** Rows per transaction; the event loop is let go between batches (hashing is synchronous). */
const BATCH = 200;

/**
 * Seals appended audit rows into their firm's hash chain (DESIGN.md rule 9), oldest append first:
 * each gets the next seq, the previous row's hash, and its own hash. One short transaction per
 * batch holds the firm's chain head; a head another node is sealing right now is skipped (its rows
 * are sealed by that node or in the next round). Returns how many rows were sealed.
 */
export async function sealAudit(db: Db, firmId?: string): Promise<number> {
  const firmIds = firmId ? [firmId] : await firmsWithUnsealedRows(db);
  let sealed = 0;
  for (const id of firmIds) sealed += await sealFirm(db, id);
  return sealed;
}

async function sealFirm(db: Db, firmId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.transaction((tx) => sealBatch(tx, firmId));
    total += Math.max(0, count);
    if (count < BATCH) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One batch; -1 when another node holds the head. */
async function sealBatch(tx: Queryable, firmId: string): Promise<number> {
  let head = await lockChainHead(tx, firmId);
  if (!head) {
    await ensureAuditHead(tx, firmId); // the firm's first row: start its chain at the genesis hash
    head = await lockChainHead(tx, firmId);
    if (!head) return -1;
  }
  const rows = await unsealedRows(tx, firmId, BATCH);
  if (rows.length === 0) return 0;
  let seq = head.seq;
  let prev = head.hash;
  const ids: string[] = [];
  const seqs: string[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const row of rows) {
    seq++;
    const hash = rowHash(prev, auditContent(row, seq));
    ids.push(String(row.id));
    seqs.push(String(seq));
    prevs.push(prev);
    hashes.push(hash);
    prev = hash;
  }
  await writeSeals(tx, firmId, { ids, seqs, prevs, hashes }, { seq, hash: prev });
  return rows.length;
}

/**
 * Runs `sealAudit` every `intervalMs` on a worker node, so a row is chained within about that long
 * of its commit. Any number of nodes may run one.
 */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return; // the previous round is still sealing
      this.running = sealAudit(this.db)
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'sealing the audit log failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a round in progress; then seals what is left once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await sealAudit(this.db).catch((error: unknown) =>
      this.log.error({ err: error }, 'sealing the audit log failed'),
    );
  }
}
