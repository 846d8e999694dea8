import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Queryable, queryRows, textArray } from '../../platform/db/database';
import { auditHeads, auditLog, firms } from '../../platform/db/schema';
import { genesisHash } from './audit';

/** The hash chain's rows and heads (DESIGN.md rule 9) as the sealer, the verifier and checkpoints read them. */

export type AuditLogRow = typeof auditLog.$inferSelect;
export type AuditHeadRow = typeof auditHeads.$inferSelect;

/** The firms that have appended rows not sealed yet. */
export async function firmsWithUnsealedRows(db: Queryable): Promise<string[]> {
  const rows = await queryRows<{ firm_id: string }>(
    db,
    sql`select distinct firm_id from ${auditLog} where seq is null`,
  );
  return rows.map((r) => r.firm_id);
}

/** Creates the firm's chain head at its genesis if it has none (heads are never deleted). */
export async function ensureAuditHead(tx: Queryable, firmId: string): Promise<void> {
  await tx.execute(
    sql`insert into audit_heads (firm_id, seq, hash) values (${firmId}, 0, ${genesisHash(firmId)}) on conflict (firm_id) do nothing`,
  );
}

/** The firm's chain head, locked until the transaction ends; undefined when another node holds it (or none). */
export async function lockChainHead(tx: Queryable, firmId: string): Promise<AuditHeadRow | undefined> {
  const [head] = await tx
    .select()
    .from(auditHeads)
    .where(eq(auditHeads.firmId, firmId))
    .for('update', { skipLocked: true });
  return head;
}

/** Up to `limit` of the firm's unsealed rows, oldest append first. */
export function unsealedRows(tx: Queryable, firmId: string, limit: number): Promise<AuditLogRow[]> {
  return tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.firmId, firmId), isNull(auditLog.seq)))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

/** Writes the seals of these rows (one statement) and moves the firm's head to the last of them. */
export async function writeSeals(
  tx: Queryable,
  firmId: string,
  seals: { ids: string[]; seqs: string[]; prevs: string[]; hashes: string[] },
  head: { seq: number; hash: string },
): Promise<void> {
  await tx.execute(sql`
    update ${auditLog} a set seq = s.seq::bigint, prev_hash = s.prev_hash, hash = s.hash
    from unnest(${textArray(seals.ids)}::text[], ${textArray(seals.seqs)}::text[], ${textArray(seals.prevs)}::text[],
      ${textArray(seals.hashes)}::text[]) as s(id, seq, prev_hash, hash)
    where a.id = s.id::bigint`);
  await tx.update(auditHeads).set(head).where(eq(auditHeads.firmId, firmId));
}

/** Up to `limit` sealed rows of the firm after `afterSeq`, in chain order. */
export function sealedRowsAfter(db: Queryable, firmId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.firmId, firmId), gt(auditLog.seq, afterSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export async function chainHead(db: Queryable, firmId: string): Promise<AuditHeadRow | undefined> {
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.firmId, firmId));
  return head;
}

export function chainHeads(db: Queryable): Promise<AuditHeadRow[]> {
  return db.select().from(auditHeads);
}

export async function unsealedCount(db: Queryable, firmId: string): Promise<number> {
  const [unsealed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.firmId, firmId), isNull(auditLog.seq)));
  return unsealed?.n ?? 0;
}

export async function allFirmIds(db: Queryable): Promise<string[]> {
  return (await db.select({ id: firms.id }).from(firms)).map((f) => f.id);
}
