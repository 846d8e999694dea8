import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { auditLog } from '../../platform/db/schema';
import type { RequestMeta } from '../identity/actor';

/**
 * DESIGN.md rule 9: every change writes an append-only audit row in the same transaction,
 * hash-chained per firm. Each row stores the previous row's hash and
 * sha256(prevHash + canonical JSON of its own content).
 */
export interface AuditEntry {
  firmId: string;
  /** Any Actor fits; or `{type: 'system'}` / `{type: 'anonymous'}`. */
  actor: { type: 'staff' | 'portal' | 'system' | 'anonymous'; id?: string | null };
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  matterId?: string | null;
  meta: RequestMeta;
  data?: Record<string, unknown>;
}

export const genesisHash = (firmId: string) => sha256(`parley-audit-genesis:${firmId}`);

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every depth: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface AuditContent {
  firmId: string;
  seq: number;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  matterId: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export const rowHash = (prevHash: string, content: AuditContent) => sha256(prevHash + canonicalJson(content));

/**
 * Append one audit row. Call it as the LAST statement of the use-case's transaction: it locks the
 * firm's chain head until commit, which orders concurrent writers.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const rows = await queryRows<{ seq: string }>(tx, sql`with ${auditCtes(entry)} select seq from audit`);
    if (rows.length > 0) return;
    await ensureAuditHead(tx, entry.firmId); // the firm's first row: start its chain, then append
  }
  throw new Error('could not append to the audit chain');
}

/** Creates the firm's chain head at its genesis if it has none (heads are never deleted). */
export async function ensureAuditHead(tx: Queryable, firmId: string): Promise<void> {
  await tx.execute(
    sql`insert into audit_heads (firm_id, seq, hash) values (${firmId}, 0, ${genesisHash(firmId)}) on conflict (firm_id) do nothing`,
  );
}

const headsEnsured = new Set<string>();

/** `ensureAuditHead` once per firm and process: for use-cases that append inside one statement. */
export async function ensureAuditHeadOnce(db: Queryable, firmId: string): Promise<void> {
  if (headsEnsured.has(firmId)) return;
  await ensureAuditHead(db, firmId);
  headsEnsured.add(firmId);
}

/**
 * The append as common table expressions `old, head, audit` (the inserted row's `seq` is in
 * `audit`), so a use-case can change its rows and append in ONE statement. The canonical JSON is
 * built here; the database fills in the seq and hashes it with the head's hash (sha256 of
 * prevHash + JSON, exactly `rowHash`), so the head is locked for that statement only.
 * `after`: a condition on earlier CTEs (e.g. `exists (select 1 from m)`): the head is locked only
 * once they ran, and nothing is appended if it is false. No head row → nothing appended either.
 */
export function auditCtes(entry: AuditEntry, after?: SQL): SQL {
  const content: AuditContent = {
    firmId: entry.firmId,
    seq: SEQ_PLACEHOLDER,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    matterId: entry.matterId ?? null,
    ip: entry.meta.ip,
    userAgent: entry.meta.userAgent,
    data: JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>,
    createdAt: new Date().toISOString(),
  };
  const template = canonicalJson(content);
  const marker = `"seq":${SEQ_PLACEHOLDER}`;
  if (template.indexOf(marker) !== template.lastIndexOf(marker))
    throw new Error('audit data mimics the seq marker');
  return sql`
    old as (
      select seq, hash from audit_heads where firm_id = ${entry.firmId} ${after ? sql`and ${after}` : sql``} for update
    ), head as (
      update audit_heads h set seq = old.seq + 1,
        hash = encode(sha256(convert_to(old.hash || replace(${template}::text, ${marker}::text, '"seq":' || (old.seq + 1)), 'UTF8')), 'hex')
      from old where h.firm_id = ${entry.firmId}
      returning h.seq, h.hash, old.hash as prev_hash
    ), audit as (
      insert into ${auditLog} (firm_id, seq, actor_type, actor_id, action, target_type, target_id, matter_id, ip,
        user_agent, data, created_at, prev_hash, hash)
      select ${content.firmId}, head.seq, ${content.actorType}, ${content.actorId}, ${content.action},
        ${content.targetType}, ${content.targetId}, ${content.matterId}, ${content.ip}, ${content.userAgent},
        ${JSON.stringify(content.data)}::jsonb, ${content.createdAt}::timestamptz, head.prev_hash, head.hash
      from head
      returning seq
    )`;
}

/** Stands for the row's seq in the JSON that the database hashes (never a real seq). */
const SEQ_PLACEHOLDER = -9_007_199_254_740_991;
