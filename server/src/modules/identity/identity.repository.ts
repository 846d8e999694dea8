import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { firms, staff } from '../../platform/db/schema';

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
