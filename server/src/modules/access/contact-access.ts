import { and, eq, exists, inArray, not, notExists, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database';
import { contacts, matters, parties } from '../../platform/db/schema';
import { AppError, notFound } from '../../platform/errors';
import type { StaffActor } from './actor';
import { matterVisibleTo } from './matter-access';

/**
 * Who may see and change a contact (DESIGN.md rules 1 and 12, API.md decision "Contacts"), written
 * once for every contacts query. A contact's matters are those it is or was a party on (a removed
 * party still names them in the matter's history):
 *
 * - **see** (list, search, read, add as a party): admins; anyone else unless ALL of the contact's
 *   matters are ones they cannot see. A contact on no matter is the firm's address book: visible.
 *   Not visible answers exactly like missing (404).
 * - **change** (`PATCH /contacts/:id`): admins; anyone else only when they can see EVERY matter the
 *   contact is on. A visible contact that is also on a matter they cannot see → 403 `forbidden`.
 *
 * Set-based: SQL predicates on `contacts` for lists, and `contactAccess` for "which of these ids".
 */
type Level = 'read' | 'change';

const partiesOfContact = (visible?: SQL) =>
  sql`(select 1 from ${parties} join ${matters} on ${matters.id} = ${parties.matterId}
    where ${parties.contactId} = ${contacts.id}${visible ? sql` and ${visible}` : sql``})`;

/** Predicate on `contacts`: the actor may see this contact. */
export function contactVisibleTo(actor: StaffActor): SQL {
  const sameFirm = eq(contacts.firmId, actor.firmId);
  if (actor.role === 'admin') return sameFirm;
  return and(sameFirm, or(notExists(partiesOfContact()), exists(partiesOfContact(matterVisibleTo(actor)))))!;
}

/** Predicate on `contacts`: the actor may change this contact. */
export function contactChangeableBy(actor: StaffActor): SQL {
  const sameFirm = eq(contacts.firmId, actor.firmId);
  if (actor.role === 'admin') return sameFirm;
  return and(sameFirm, notExists(partiesOfContact(not(matterVisibleTo(actor)))))!;
}

/** Which of these contact ids may the actor see, and which change? One query whatever the count. */
export async function contactAccess(
  db: Queryable,
  actor: StaffActor,
  ids: readonly string[],
): Promise<Map<string, Level>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: contacts.id, changeable: sql<boolean>`${contactChangeableBy(actor)}` })
    .from(contacts)
    .where(and(inArray(contacts.id, [...new Set(ids)]), contactVisibleTo(actor)));
  return new Map(rows.map((r) => [r.id, r.changeable ? 'change' : 'read']));
}

export type ContactRow = typeof contacts.$inferSelect;

/**
 * The contact, if the actor may `need` it: missing or not visible → 404 `not_found`; visible but
 * not changeable when `need` is `change` → 403 `forbidden` saying why (without naming the matter).
 * `forUpdate` locks the row inside the caller's transaction.
 */
export async function requireContact(
  db: Queryable,
  actor: StaffActor,
  contactId: string,
  need: Level,
  options: { forUpdate?: boolean } = {},
): Promise<ContactRow> {
  const query = db
    .select({ contact: contacts, changeable: sql<boolean>`${contactChangeableBy(actor)}` })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), contactVisibleTo(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Contact');
  if (need === 'change' && !row.changeable) {
    throw new AppError(
      'forbidden',
      `${row.contact.name} is also a party on a matter you are not on, so only an admin can change their details.`,
    );
  }
  return row.contact;
}
