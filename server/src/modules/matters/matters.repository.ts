import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import {
  contacts,
  folders,
  matterStaff,
  matters,
  participants,
  parties,
  staff,
} from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { matterVisibleTo } from '../access/matter-access';
import { escapeLike } from '../contacts/contacts.repository';

export async function listVisibleMatters(
  db: Queryable,
  actor: StaffActor,
  q: string | undefined,
  limit: number,
  after?: { createdAt: string; id: string },
) {
  const pattern = q?.trim() ? `%${escapeLike(q.trim())}%` : undefined;
  const afterDate = after ? new Date(after.createdAt) : undefined;
  return db
    .select()
    .from(matters)
    .where(
      and(
        matterVisibleTo(actor),
        pattern ? or(ilike(matters.title, pattern), ilike(matters.number, pattern)) : undefined,
        afterDate && after
          ? or(
              lt(matters.createdAt, afterDate),
              and(eq(matters.createdAt, afterDate), lt(matters.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(matters.createdAt), desc(matters.id))
    .limit(limit + 1);
}

/** matterId → staff ids listed on it, for many matters in one query. */
export async function staffIdsByMatter(db: Queryable, matterIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(matterIds.map((id) => [id, []]));
  if (matterIds.length === 0) return map;
  const rows = await db
    .select()
    .from(matterStaff)
    .where(inArray(matterStaff.matterId, matterIds))
    .orderBy(asc(matterStaff.staffId));
  for (const row of rows) map.get(row.matterId)?.push(row.staffId);
  return map;
}

/** The ids among `ids` that are active staff of the firm. */
export async function existingStaffIds(db: Queryable, firmId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.firmId, firmId), eq(staff.active, true), inArray(staff.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export async function replaceMatterStaff(
  db: Queryable,
  firmId: string,
  matterId: string,
  staffIds: string[],
) {
  await db.delete(matterStaff).where(eq(matterStaff.matterId, matterId));
  if (staffIds.length > 0) {
    await db.insert(matterStaff).values(staffIds.map((staffId) => ({ firmId, matterId, staffId })));
  }
}

const partyColumns = {
  id: parties.id,
  contactId: parties.contactId,
  role: parties.role,
  name: contacts.name,
  email: contacts.email,
  mobile: contacts.mobile,
};

export async function listParties(db: Queryable, matterId: string) {
  return db
    .select(partyColumns)
    .from(parties)
    .innerJoin(contacts, eq(contacts.id, parties.contactId))
    .where(and(eq(parties.matterId, matterId), isNull(parties.removedAt)))
    .orderBy(asc(parties.createdAt), asc(parties.id));
}

export async function findParty(db: Queryable, matterId: string, partyId: string) {
  const [row] = await db
    .select(partyColumns)
    .from(parties)
    .innerJoin(contacts, eq(contacts.id, parties.contactId))
    .where(and(eq(parties.matterId, matterId), eq(parties.id, partyId), isNull(parties.removedAt)));
  return row;
}

export type MatterRecord = typeof matters.$inferSelect;

/** A new matter and its root folder (`root`: the folder's id and name). */
export async function insertMatter(
  tx: Queryable,
  values: Omit<typeof matters.$inferInsert, 'rootFolderId'>,
  root: { id: string; name: string },
): Promise<MatterRecord> {
  const [matter] = await tx
    .insert(matters)
    .values({ ...values, rootFolderId: root.id })
    .returning();
  await tx.insert(folders).values({
    id: root.id,
    firmId: values.firmId,
    matterId: matter!.id,
    parentId: null,
    name: root.name,
    path: `/${root.id}/`,
  });
  return matter!;
}

export async function updateMatterRow(
  tx: Queryable,
  matterId: string,
  changes: { title?: string; number?: string | null; restricted: boolean },
): Promise<MatterRecord> {
  const [row] = await tx
    .update(matters)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(matters.id, matterId))
    .returning();
  return row!;
}

/** The new party's id; undefined when the contact is a party on the matter already. */
export async function insertParty(
  tx: Queryable,
  values: { firmId: string; matterId: string; contactId: string; role: string },
): Promise<string | undefined> {
  const [created] = await tx
    .insert(parties)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: parties.id });
  return created?.id;
}

export async function setPartyRole(tx: Queryable, partyId: string, role: string): Promise<void> {
  await tx
    .update(parties)
    .set({ role })
    .where(and(eq(parties.id, partyId), isNull(parties.removedAt)));
}

/** The party leaves the matter and every conversation of it (rows kept, `removed_at` set). */
export async function markPartyRemoved(tx: Queryable, partyId: string): Promise<void> {
  await tx
    .update(parties)
    .set({ removedAt: sql`now()` })
    .where(and(eq(parties.id, partyId), isNull(parties.removedAt)));
  await tx
    .update(participants)
    .set({ removedAt: sql`now()` })
    .where(and(eq(participants.partyId, partyId), isNull(participants.removedAt)));
}
