import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Queryable, textArray } from '../../platform/db/database';
import { conversations, matters, participants, staff } from '../../platform/db/schema';
import type { StaffActor } from './actor';
import { matterVisibleToStaff, type StaffSubject } from './matter-access';
import { portalUsersWhoMaySee } from './portal-access';

/**
 * Which conversations a staff member may see (DESIGN.md rule 1), as ONE SQL predicate on
 * `conversations`, set-based like `matterVisibleTo`:
 * - external / internal: those of a matter the staff member may see (restricted matters hidden);
 * - channel: every channel of their firm (anyone may join);
 * - direct: only while they are an active participant (admins included: no exception).
 * Missing and invisible are the same 404. Portal users: `portal-access.ts`.
 */
export function conversationVisibleToStaff(subject: StaffSubject): SQL {
  const rule = visibilityByKind(subject);
  return and(
    sql`${conversations.firmId} = ${subject.firmId}`,
    or(
      eq(conversations.kind, 'channel'),
      and(eq(conversations.kind, 'direct'), rule.direct),
      and(inArray(conversations.kind, ['external', 'internal']), rule.matter),
    ),
  )!;
}

/** The branches of the rule above, by kind. */
function visibilityByKind(subject: StaffSubject) {
  return {
    direct: sql`exists (select 1 from ${participants} where ${participants.conversationId} = ${conversations.id} and ${participants.staffId} = ${subject.id} and ${participants.removedAt} is null)`,
    matter: sql`exists (select 1 from ${matters} where ${matters.id} = ${conversations.matterId} and ${matterVisibleToStaff(subject)})`,
  };
}

export type ConversationKind = (typeof conversations.$inferSelect)['kind'];

/**
 * The same rule for a conversation whose kind is known: only that kind's branch (a much cheaper plan
 * on the hot path of posting). Still a predicate on the `conversations` row, kind included.
 */
export function conversationOfKindVisibleTo(actor: StaffSubject, kind: ConversationKind): SQL {
  const rule = visibilityByKind(actor);
  const branch = kind === 'channel' ? sql`true` : kind === 'direct' ? rule.direct : rule.matter;
  return sql`${conversations.firmId} = ${actor.firmId} and ${conversations.kind} = ${kind} and ${branch}`;
}

export const conversationVisibleTo = (actor: StaffActor): SQL => conversationVisibleToStaff(actor);

/**
 * Realtime: which of these people may see the conversation now (DESIGN.md rule 1: visibility for
 * active staff; for portal users THE portal rule, `portalUsersWhoMaySee`). One query for staff, one
 * for portal users, whatever the number of ids; the answer is kept in the realtime index
 * (`messaging.realtime-audience.ts`) until an event says it changed. Sessions are checked apart,
 * per push (`liveSessions`).
 */
export async function peopleWhoMaySee(
  db: Queryable,
  conversationId: string,
  staffIds: string[],
  portalUserIds: string[],
): Promise<{ staff: Set<string>; portal: Set<string> }> {
  const staffRows =
    staffIds.length === 0
      ? []
      : await db
          .select({ id: staff.id })
          .from(staff)
          .innerJoin(conversations, eq(conversations.id, conversationId))
          .where(
            and(
              sql`${staff.id} = any(${textArray(staffIds)}::text[])`,
              eq(staff.active, true),
              conversationVisibleToStaff({
                id: sql`${staff.id}`,
                role: sql`${staff.role}`,
                firmId: sql`${staff.firmId}`,
              }),
            ),
          );
  return {
    staff: new Set(staffRows.map((r) => r.id)),
    portal: await portalUsersWhoMaySee(db, conversationId, portalUserIds),
  };
}

/** The conversation if the actor may see it, else undefined (missing and forbidden alike). */
export async function visibleConversation(
  db: Queryable,
  actor: StaffActor,
  conversationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof conversations.$inferSelect | undefined> {
  const query = db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), conversationVisibleTo(actor)));
  const [row] = options.forUpdate ? await query.for('update', { of: conversations }) : await query;
  return row;
}
