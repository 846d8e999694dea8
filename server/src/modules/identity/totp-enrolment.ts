import { type SecretBox, SecretKeyMismatch } from '../../platform/crypto/secret-box';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { generateTotpSecret, otpauthUrl, totpContext, useTotpCode } from './totp';
import {
  enableTotp,
  foreignSealedKeyId,
  plainTotpSecrets,
  sealTotpSecret,
  setPendingTotpSecret,
  type TotpTable,
} from './totp.repository';

/**
 * TOTP enrolment, the same for staff and portal users: `start` stores a new secret (not yet
 * active), `confirm` activates it once the user proves their app shows the right code. An active
 * TOTP cannot be replaced this way (409): a stolen session must not be able to swap the factor.
 */
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
  box: SecretBox,
  table: TotpTable,
  row: TotpRow,
  account: string,
  issuer: string,
): Promise<{ secret: string; otpauthUrl: string }> {
  if (row.totpEnabled) throw alreadyEnabled();
  const secret = generateTotpSecret();
  // Stored sealed (platform/crypto/secret-box.ts): the user sees it once, the database never does.
  await setPendingTotpSecret(tx, table, row.id, box.seal(secret, totpContext(table, row.id)));
  return { secret, otpauthUrl: otpauthUrl(secret, account, issuer) };
}

/** true when the code is right for the pending secret (and TOTP is now on); false otherwise. */
export async function confirmTotpEnrolment(
  tx: Queryable,
  box: SecretBox,
  table: TotpTable,
  row: TotpRow,
  code: string,
): Promise<boolean> {
  if (row.totpEnabled) throw alreadyEnabled();
  if (!(await useTotpCode(tx, table, row, code, box))) return false;
  await enableTotp(tx, table, row.id);
  return true;
}

export const invalidCode = () =>
  new AppError('invalid_code', 'That code is not right, or it has expired or been used. Try a new one.');

/**
 * At start, before serving: seals TOTP seeds stored in plain text (written before seeds were sealed),
 * and refuses to start when seeds were sealed with another key than this node's (a node without
 * the deployment's SECRETS_KEY would fail every sign-in with a code).
 */
export async function sealStoredTotpSecrets(db: Queryable, box: SecretBox): Promise<{ sealed: number }> {
  let sealed = 0;
  for (const table of ['staff', 'portal_users'] as const) {
    const foreign = await foreignSealedKeyId(db, table, box.keyId);
    if (foreign !== undefined) throw new SecretKeyMismatch(foreign, box.keyId);
    const plain = await plainTotpSecrets(db, table);
    for (const row of plain) {
      // Only if unchanged meanwhile (another node may be sealing it, or the user re-enrolling).
      const sealedSecret = box.seal(row.totp_secret, totpContext(table, row.id));
      if (await sealTotpSecret(db, table, row.id, row.totp_secret, sealedSecret)) sealed++;
    }
  }
  return { sealed };
}
