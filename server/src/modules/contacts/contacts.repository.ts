import { and, asc, eq, gt, ilike, or } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { contacts } from '../../platform/db/schema';

export type ContactRow = typeof contacts.$inferSelect;

export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findContact(
  db: Queryable,
  firmId: string,
  id: string,
): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.firmId, firmId), eq(contacts.id, id)));
  return row;
}

export async function searchContacts(
  db: Queryable,
  firmId: string,
  q: string | undefined,
  limit: number,
  after?: { name: string; id: string },
) {
  const pattern = q?.trim() ? `%${escapeLike(q.trim())}%` : undefined;
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.firmId, firmId),
        pattern
          ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.mobile, pattern))
          : undefined,
        after
          ? or(gt(contacts.name, after.name), and(eq(contacts.name, after.name), gt(contacts.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(limit + 1);
}
