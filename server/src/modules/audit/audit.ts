import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
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
  const genesis = genesisHash(entry.firmId);
  const head = await queryRows<{ seq: string | number; hash: string }>(
    tx,
    sql`
    insert into audit_heads (firm_id, seq, hash) values (${entry.firmId}, 0, ${genesis})
    on conflict (firm_id) do update set firm_id = excluded.firm_id
    returning seq, hash`,
  );
  const current = head[0]!;
  const content: AuditContent = {
    firmId: entry.firmId,
    seq: Number(current.seq) + 1,
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
  const hash = rowHash(current.hash, content);
  // The row and the new head in one statement: one round trip less while the head is locked.
  await tx.execute(sql`
    with head as (update audit_heads set seq = ${content.seq}, hash = ${hash} where firm_id = ${entry.firmId})
    insert into ${auditLog} (firm_id, seq, actor_type, actor_id, action, target_type, target_id, matter_id, ip,
      user_agent, data, created_at, prev_hash, hash)
    values (${content.firmId}, ${content.seq}, ${content.actorType}, ${content.actorId}, ${content.action},
      ${content.targetType}, ${content.targetId}, ${content.matterId}, ${content.ip}, ${content.userAgent},
      ${JSON.stringify(content.data)}::jsonb, ${content.createdAt}::timestamptz, ${current.hash}, ${hash})`);
}
