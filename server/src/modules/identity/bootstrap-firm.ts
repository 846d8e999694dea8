import type { Deps } from '../../deps';
import { systemMeta } from '../../platform/http/request-meta';
import { appendAudit } from '../audit/audit.repository';
import { countFirms, insertFirm, insertStaff, lockBootstrap } from './identity.repository';
import { generatePassword, hashPassword } from './passwords';

export interface BootstrapResult {
  firmName: string;
  email: string;
  /** Only when generated: printed once, never stored in clear. */
  generatedPassword?: string;
}

/** On first start with an empty database: create the firm and its first admin. Otherwise nothing. */
export async function bootstrapFirm(deps: Deps): Promise<BootstrapResult | null> {
  const { config, db } = deps;
  if ((await countFirms(db)) > 0) return null;
  const generatedPassword = config.ADMIN_PASSWORD ? undefined : generatePassword();
  const email = (config.ADMIN_EMAIL ?? 'admin@parley.local').toLowerCase();
  const firmName = config.FIRM_NAME ?? 'My Law Firm';
  const passwordHash = await hashPassword(config.ADMIN_PASSWORD ?? generatedPassword!);
  return db.transaction(async (tx) => {
    // Two nodes starting at once on one PostgreSQL: only one creates the firm.
    await lockBootstrap(tx);
    if ((await countFirms(tx)) > 0) return null;
    const firm = await insertFirm(tx, firmName);
    const admin = await insertStaff(tx, {
      firmId: firm.id,
      name: 'Administrator',
      email,
      role: 'admin',
      passwordHash,
    });
    await appendAudit(tx, {
      firmId: firm.id,
      actor: { type: 'system' },
      action: 'firm.create',
      targetType: 'firm',
      targetId: firm.id,
      meta: systemMeta,
      data: { name: firmName, adminId: admin!.id, adminEmail: email },
    });
    return { firmName, email, ...(generatedPassword ? { generatedPassword } : {}) };
  });
}
