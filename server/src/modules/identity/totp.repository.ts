import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';

/** The TOTP columns of `staff` and `portal_users`, the same for both tables (STYLE.md: SQL here). */
export type TotpTable = 'staff' | 'portal_users';

/** Record this step as used, unless it or a later one was already: of two racing requests one wins. */
export async function advanceTotpStep(tx: Queryable, table: TotpTable, id: string, step: number) {
  const updated = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(table)} set totp_last_step = ${step}
        where id = ${id} and (totp_last_step is null or totp_last_step < ${step}) returning id`,
  );
  return updated.length === 1;
}

/** A new, not yet active secret (sealed), while TOTP is off. */
export async function setPendingTotpSecret(tx: Queryable, table: TotpTable, id: string, sealed: string) {
  await tx.execute(
    sql`update ${sql.identifier(table)} set totp_secret = ${sealed},
        totp_last_step = null where id = ${id} and totp_enabled = false`,
  );
}

export async function enableTotp(tx: Queryable, table: TotpTable, id: string) {
  await tx.execute(sql`update ${sql.identifier(table)} set totp_enabled = true where id = ${id}`);
}

/** The key id of one seed sealed with another key than `keyId`, if there is one. */
export async function foreignSealedKeyId(db: Queryable, table: TotpTable, keyId: string) {
  const [foreign] = await queryRows<{ key_id: string }>(
    db,
    sql`select split_part(totp_secret, '.', 2) as key_id from ${sql.identifier(table)}
        where totp_secret like 'v1.%' and split_part(totp_secret, '.', 2) <> ${keyId} limit 1`,
  );
  return foreign?.key_id;
}

/** Seeds stored in plain text (written before seeds were sealed). */
export function plainTotpSecrets(db: Queryable, table: TotpTable) {
  return queryRows<{ id: string; totp_secret: string }>(
    db,
    sql`select id, totp_secret from ${sql.identifier(table)}
        where totp_secret is not null and totp_secret not like 'v1.%'`,
  );
}

/** Replace a plain seed by its sealed form, only if unchanged meanwhile: true when it was. */
export async function sealTotpSecret(
  db: Queryable,
  table: TotpTable,
  id: string,
  plain: string,
  sealed: string,
) {
  const done = await queryRows<{ id: string }>(
    db,
    sql`update ${sql.identifier(table)} set totp_secret = ${sealed}
        where id = ${id} and totp_secret = ${plain} returning id`,
  );
  return done.length === 1;
}
