import { and, eq, exists, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { matterStaff, matters, staff } from '../../platform/db/schema';
import { notFound } from '../../platform/errors';
import type { StaffActor } from './actor';

/**
 * Who may see a matter (DESIGN.md rule 1), written once and set-based (STYLE.md, after Immich's
 * access.ts): a staff member sees every unrestricted matter of their firm, and a restricted one only
 * when listed on it; admins see all of their firm's matters. Nobody sees another firm's.
 *
 * `matterVisibleTo` is a SQL predicate on `matters`: join it into any query (conversations,
 * files, search, contacts...) so a list costs one query and invisible rows simply do not come back.
 */
export function matterVisibleTo(actor: StaffActor): SQL {
  return matterVisibleToStaff(actor);
}

/** Which of these matter ids may the actor see? One query whatever the count. */
export async function visibleMatterIds(
  db: Queryable,
  actor: StaffActor,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: matters.id })
    .from(matters)
    .where(and(inArray(matters.id, [...new Set(ids)]), matterVisibleTo(actor)));
  return new Set(rows.map((r) => r.id));
}

export type MatterRow = typeof matters.$inferSelect;

/** The matter, or 404 `not_found` when it is missing OR the actor may not see it (same answer). */
export async function requireVisibleMatter(
  db: Queryable,
  actor: StaffActor,
  matterId: string,
): Promise<MatterRow> {
  const [row] = await db
    .select()
    .from(matters)
    .where(and(eq(matters.id, matterId), matterVisibleTo(actor)));
  if (!row) throw notFound('Matter');
  return row;
}

/**
 * A staff member as SQL operands: constants for the caller, or columns of `staff` when asking
 * "which of these staff may see it" in one query (realtime fan-out).
 */
export interface StaffSubject {
  id: string | SQL;
  role: 'admin' | 'staff' | SQL;
  firmId: string | SQL;
}

/** `matterVisibleTo` for any subject; a constant admin folds to the firm test alone. */
export function matterVisibleToStaff(subject: StaffSubject): SQL {
  const sameFirm = sql`${matters.firmId} = ${subject.firmId}`;
  if (subject.role === 'admin') return sameFirm;
  const anyRole = or(eq(matters.restricted, false), listedOn(subject.id))!;
  if (subject.role === 'staff') return and(sameFirm, anyRole)!;
  return and(sameFirm, or(sql`${subject.role} = 'admin'`, anyRole))!;
}

/** The staff member is on the matter's staff list (`matter_staff`). */
const listedOn = (staffId: string | SQL) =>
  exists(
    sql`(select 1 from ${matterStaff} where ${matterStaff.matterId} = ${matters.id} and ${matterStaff.staffId} = ${staffId})`,
  );

/**
 * Predicate on `matters`: the actor may export the matter's whole record (docs/export.md "Who"): an admin
 * of its firm, or a staff member LISTED on it; seeing an unrestricted matter is not enough.
 */
export function matterExportableBy(actor: StaffActor): SQL {
  const visible = matterVisibleTo(actor);
  return actor.role === 'admin' ? visible : and(visible, listedOn(actor.id))!;
}

/** Of these ids, the active staff of the firm who may see the matter (every staff if no matter). */
export async function staffWhoMaySeeMatter(
  db: Queryable,
  firmId: string,
  matterId: string | null,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const subject = { id: sql`${staff.id}`, role: sql`${staff.role}`, firmId: sql`${staff.firmId}` };
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(
      and(
        eq(staff.firmId, firmId),
        eq(staff.active, true),
        inArray(staff.id, ids),
        matterId
          ? sql`exists (select 1 from ${matters} where ${matters.id} = ${matterId} and ${matterVisibleToStaff(subject)})`
          : undefined,
      ),
    );
  return new Set(rows.map((r) => r.id));
}
