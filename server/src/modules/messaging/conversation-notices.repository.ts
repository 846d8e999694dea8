import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { conversationNotices, staff } from '../../platform/db/schema';

/** A conversation's staff-only notices, oldest first, each with the name of the staff who caused it. */
export function noticeRows(db: Queryable, conversationId: string) {
  return db
    .select({ notice: conversationNotices, byName: staff.name })
    .from(conversationNotices)
    .leftJoin(staff, eq(staff.id, conversationNotices.staffId))
    .where(eq(conversationNotices.conversationId, conversationId))
    .orderBy(asc(conversationNotices.createdAt), asc(conversationNotices.id));
}
