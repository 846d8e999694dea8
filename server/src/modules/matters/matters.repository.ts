import { and, asc, desc, eq, ilike, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { contacts, matterStaff, matters, parties, staff } from '../../platform/db/schema';
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
