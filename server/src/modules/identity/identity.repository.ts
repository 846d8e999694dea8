import { and, asc, count, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { firmLogos, firms, staff } from '../../platform/db/schema';

export type StaffRow = typeof staff.$inferSelect;

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.email, email.trim().toLowerCase()));
  return row;
}

export async function findStaffInFirm(
  db: Queryable,
  firmId: string,
  id: string,
): Promise<StaffRow | undefined> {
  const [row] = await db
    .select()
    .from(staff)
    .where(and(eq(staff.firmId, firmId), eq(staff.id, id)));
  return row;
}

export async function listStaff(
  db: Queryable,
  firmId: string,
  limit: number,
  after?: { name: string; id: string },
) {
  return db
    .select()
    .from(staff)
    .where(
      and(
        eq(staff.firmId, firmId),
        after
          ? or(gt(staff.name, after.name), and(eq(staff.name, after.name), gt(staff.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(staff.name), asc(staff.id))
    .limit(limit + 1);
}

export async function findFirm(db: Queryable, firmId: string) {
  const [row] = await db.select().from(firms).where(eq(firms.id, firmId));
  return row;
}

export type FirmRow = typeof firms.$inferSelect;

/** The instance's first firm: whose branding the sign-in pages show when no firm is named. */
/** The earliest-created firm: of `firmIds` when given (and not empty), else of the instance. */
export async function findFirstFirm(db: Queryable, firmIds?: string[]): Promise<FirmRow | undefined> {
  const [row] = await db
    .select()
    .from(firms)
    .where(firmIds?.length ? inArray(firms.id, firmIds) : undefined)
    .orderBy(asc(firms.createdAt), asc(firms.id))
    .limit(1);
  return row;
}

export async function updateFirmRow(
  db: Queryable,
  firmId: string,
  values: Partial<Omit<FirmRow, 'id' | 'createdAt'>>,
): Promise<FirmRow> {
  const [row] = await db.update(firms).set(values).where(eq(firms.id, firmId)).returning();
  return row!;
}

export async function findFirmLogo(db: Queryable, firmId: string) {
  const [row] = await db.select().from(firmLogos).where(eq(firmLogos.firmId, firmId));
  return row;
}

export async function saveFirmLogo(
  db: Queryable,
  values: { firmId: string; contentType: string; bytes: Buffer; sha256: string },
): Promise<void> {
  await db
    .insert(firmLogos)
    .values(values)
    .onConflictDoUpdate({
      target: firmLogos.firmId,
      set: {
        contentType: values.contentType,
        bytes: values.bytes,
        sha256: values.sha256,
        updatedAt: new Date(),
      },
    });
}

export async function deleteFirmLogo(db: Queryable, firmId: string): Promise<void> {
  await db.delete(firmLogos).where(eq(firmLogos.firmId, firmId));
}

export type StaffChanges = Partial<typeof staff.$inferInsert>;

/** The new staff row; undefined when the email is taken (a concurrent create). */
export async function insertStaff(
  tx: Queryable,
  values: typeof staff.$inferInsert,
  options: { ifEmailFree?: boolean } = {},
): Promise<StaffRow | undefined> {
  const insert = tx.insert(staff).values(values);
  const [created] = options.ifEmailFree
    ? await insert.onConflictDoNothing().returning()
    : await insert.returning();
  return created;
}

export async function updateStaffRow(
  tx: Queryable,
  staffId: string,
  changes: StaffChanges,
): Promise<StaffRow> {
  const [updated] = await tx
    .update(staff)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(staff.id, staffId))
    .returning();
  return updated!;
}

export async function countFirms(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(firms);
  return row?.n ?? 0;
}

/** Held until the transaction ends: two nodes starting at once on one PostgreSQL bootstrap once. */
export async function lockBootstrap(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7077001)`);
}

export async function insertFirm(tx: Queryable, name: string): Promise<FirmRow> {
  const [firm] = await tx.insert(firms).values({ name }).returning();
  return firm!;
}

export function listFirms(db: Queryable): Promise<{ id: string; name: string }[]> {
  return db.select({ id: firms.id, name: firms.name }).from(firms);
}
