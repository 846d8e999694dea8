import type { Queryable } from '../../platform/db/database';
import type { ContactRow } from '../access/contact-access';
import { revokeSessionsOf } from '../identity/sessions.repository';
import {
  conversationsOfContact,
  expireContactLinks,
  insertNotices,
  relinkContactByEmail,
} from './contacts.repository';

export interface ReachChange {
  field: 'email' | 'mobile';
  from: string | null;
  to: string | null;
}

export interface ReachEnded {
  sessionIds: string[];
  links: number;
  conversationIds: string[];
}

/**
 * A party's email or mobile changed (DESIGN.md rule 12), inside the change's transaction: whoever
 * held the old address loses what it gave them.
 *
 * - every portal session of the contact's portal user ends (the caller emits `sessions.ended`
 *   after commit, so their sockets close on every node);
 * - a new email moves the contact to the portal user of that email (none yet: unlinked, linked at
 *   their first sign-in link or invitation), so the old address no longer reaches this firm's matters;
 * - the contact's quick-reply links end, and on a new email its unused invitation and sign-in links
 *   too (`expires_at = now()`: an ended link never comes back);
 * - each conversation the contact takes part in gets a staff-only notice naming who changed what.
 */
export async function endContactReach(
  tx: Queryable,
  contact: ContactRow,
  changes: ReachChange[],
  by: { id: string; name: string },
): Promise<ReachEnded> {
  const emailChanged = changes.some((c) => c.field === 'email');
  const ended = contact.portalUserId
    ? await revokeSessionsOf(tx, { portalUserId: contact.portalUserId })
    : [];
  if (emailChanged) await relinkContactByEmail(tx, contact.id, changes.find((c) => c.field === 'email')!.to);
  const links = await expireContactLinks(tx, contact, emailChanged);
  const inConversations = await conversationsOfContact(tx, contact.id);
  const conversationIds = inConversations.map((c) => c.conversationId);
  if (conversationIds.length > 0) {
    const rows = inConversations.flatMap(({ conversationId, firmId }) =>
      changes.map((change) => ({
        firmId,
        conversationId,
        kind: 'contact_changed' as const,
        text: noticeText(contact.name, change, by.name),
        staffId: by.id,
        data: { contactId: contact.id, ...change },
      })),
    );
    await insertNotices(tx, rows);
  }
  return { sessionIds: ended, links, conversationIds };
}

const shown = (value: string | null) => value ?? 'none';

/** "Dana Doe's email changed by Carol (was a@x.test, now b@x.test): portal sign-ins and quick-reply links ended." */
export function noticeText(contactName: string, change: ReachChange, byName: string): string {
  return `${contactName}'s ${change.field} changed by ${byName} (was ${shown(change.from)}, now ${shown(change.to)}): their portal sessions and quick-reply links ended.`;
}
