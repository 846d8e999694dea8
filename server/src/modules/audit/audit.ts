import { createHash } from 'node:crypto';
import type { auditLog } from '../../platform/db/schema';

/**
 * The audit log's hash chain (DESIGN.md rule 9): rows are chained per firm, each sealed row storing
 * the previous row's hash and sha256(prevHash + canonical JSON of its own content). Appending is
 * `audit.repository.ts`; sealing `seal.ts`, checking `verify-chain.ts`.
 */

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

/** What a sealed row's hash covers, read back from the row as stored. */
export function auditContent(row: typeof auditLog.$inferSelect, seq: number): AuditContent {
  return {
    firmId: row.firmId,
    seq,
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
}
