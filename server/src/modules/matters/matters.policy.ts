import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { matters } from '../../platform/db/schema';
import { notFound } from '../../platform/http/errors';
import type { StaffActor } from '../access/actor';
import { matterVisibleTo } from '../access/matter-access';

// THE matter rule lives in access/ (contacts need it too); re-exported for the modules above.
export { matterVisibleTo, matterVisibleToStaff, type StaffSubject } from '../access/matter-access';

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
