import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { auditLog } from '../../platform/db/schema';
import type { RequestMeta } from '../../platform/http/request-meta';

/**
 * DESIGN.md rule 9: every change writes an append-only audit row in the same transaction. Rows are
 * hash-chained per firm: each sealed row stores the previous row's hash and
 * sha256(prevHash + canonical JSON of its own content).
 *
 * Appending and chaining are two steps. The use-case's transaction only INSERTs the row (no lock:
 * writers in one firm never wait on each other); the sealer (`seal.ts`) then gives unsealed rows
 * their seq and hashes in order, shortly after they commit. Tampering shows from the moment a row
 * is sealed.
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

/** The row's columns, as the database stores them. */
function auditValues(entry: AuditEntry) {
  return {
    firmId: entry.firmId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    matterId: entry.matterId ?? null,
    ip: entry.meta.ip,
    userAgent: entry.meta.userAgent,
    data: JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>,
    createdAt: new Date(),
  };
}

/** Append one audit row, inside the use-case's transaction (a plain INSERT: it waits on no one). */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditValues(entry));
}

/**
 * The append as a common table expression `audit` (returning the row's `id`), so a use-case can
 * change its rows and append in ONE statement. `after`: a condition on earlier CTEs (e.g.
 * `exists (select 1 from m)`): nothing is appended if it is false.
 */
export function auditCtes(entry: AuditEntry, after?: SQL): SQL {
  return auditCteOf(auditCteValues(entry), after);
}

/** The values of `auditCtes`, by name: what a precompiled statement binds (see `auditCteOf`). */
export function auditCteValues(entry: AuditEntry) {
  const v = auditValues(entry);
  return { ...v, data: JSON.stringify(v.data), createdAt: v.createdAt.toISOString() };
}
export type AuditCteValues = ReturnType<typeof auditCteValues>;

/**
 * `auditCtes` from values or placeholders (`sql.placeholder`), for statements compiled once; or
 * from columns of `from` (one audit row per row of it, e.g. many messages written together).
 */
export function auditCteOf(v: { [K in keyof AuditCteValues]: unknown }, after?: SQL, from?: SQL): SQL {
  return sql`
    audit as (
      insert into ${auditLog} (firm_id, actor_type, actor_id, action, target_type, target_id, matter_id, ip,
        user_agent, data, created_at)
      select ${v.firmId}, ${v.actorType}, ${v.actorId}, ${v.action}, ${v.targetType}, ${v.targetId},
        ${v.matterId}, ${v.ip}, ${v.userAgent}, ${v.data}::jsonb, ${v.createdAt}::timestamptz
      ${from ? sql`from ${from}` : sql``}
      ${after ? sql`where ${after}` : sql``}
      returning id
    )`;
}
