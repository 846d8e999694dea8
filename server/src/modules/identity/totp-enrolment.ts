import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { generateTotpSecret, otpauthUrl, useTotpCode } from './totp';

/**
 * TOTP enrolment, the same for staff and portal users: `start` stores a new secret (not yet
 * active), `confirm` activates it once the user proves their app shows the right code. An active
 * TOTP cannot be replaced this way (409): a stolen session must not be able to swap the factor.
 */
type TotpTable = 'staff' | 'portal_users';
interface TotpRow {
  id: string;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
}

const alreadyEnabled = () =>
  new AppError('totp_already_enabled', 'An authenticator app is already set up for this account.');

export async function startTotpEnrolment(
  tx: Queryable,
  table: TotpTable,
  row: TotpRow,
  account: string,
  issuer: string,
): Promise<{ secret: string; otpauthUrl: string }> {
  if (row.totpEnabled) throw alreadyEnabled();
  const secret = generateTotpSecret();
  await tx.execute(
    sql`update ${sql.identifier(table)} set totp_secret = ${secret}, totp_last_step = null
        where id = ${row.id} and totp_enabled = false`,
  );
  return { secret, otpauthUrl: otpauthUrl(secret, account, issuer) };
}

/** true when the code is right for the pending secret (and TOTP is now on); false otherwise. */
export async function confirmTotpEnrolment(
  tx: Queryable,
  table: TotpTable,
  row: TotpRow,
  code: string,
): Promise<boolean> {
  if (row.totpEnabled) throw alreadyEnabled();
  if (!(await useTotpCode(tx, table, row, code))) return false;
  await tx.execute(sql`update ${sql.identifier(table)} set totp_enabled = true where id = ${row.id}`);
  return true;
}

export const invalidCode = () =>
  new AppError('invalid_code', 'That code is not right, or it has expired or been used. Try a new one.');
