import type { Queryable } from '../../platform/db/database';
import { type AuditEntry, appendAudit } from '../audit/audit.repository';

/**
 * A portal user belongs to no single firm. Their sign-in, sign-out and step-up events are audited
 * in EVERY firm where they are a contact (contacts.portal_user_id), so each firm's chain is complete
 * for its own clients. The data never names another firm.
 */
export async function auditInFirms(
  tx: Queryable,
  firmIds: string[],
  entry: Omit<AuditEntry, 'firmId'>,
): Promise<void> {
  for (const firmId of firmIds) await appendAudit(tx, { ...entry, firmId });
}
