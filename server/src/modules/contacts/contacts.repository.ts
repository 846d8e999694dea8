import { and, asc, eq, gt, ilike, or } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { contacts } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { contactVisibleTo } from '../access/contact-access';

export type { ContactRow } from '../access/contact-access';

export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The contacts the actor may see (`contactVisibleTo`), by name, email or mobile. */
export async function searchContacts(
  db: Queryable,
  actor: StaffActor,
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
        contactVisibleTo(actor),
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
