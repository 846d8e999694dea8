import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireContact } from '../access/contact-access';
import { requireVisibleMatter } from '../access/matter-access';
import { appendAudit } from '../audit/audit.repository';
import { findParty, insertParty, markPartyRemoved, setPartyRole } from './matters.repository';

/** Put a contact of the firm on a matter with a role (Client, Other Side, Witness, ...). */
export async function addParty(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: { contactId: string; role: string },
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  // A contact only on matters the caller cannot see is not found here either (DESIGN.md rule 12).
  const contact = await requireContact(deps.db, actor, input.contactId, 'read');
  const partyId = await deps.db.transaction(async (tx) => {
    const created = await insertParty(tx, {
      firmId: actor.firmId,
      matterId: matter.id,
      contactId: contact.id,
      role: input.role,
    });
    if (!created) throw new AppError('party_exists', `${contact.name} is already a party on this matter.`);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'party.add',
      targetType: 'party',
      targetId: created,
      matterId: matter.id,
      meta,
      data: { contactId: contact.id, role: input.role },
    });
    return created;
  });
  return (await findParty(deps.db, matter.id, partyId))!;
}

/** Change a party's role on the matter (audited with the old and new role). */
export async function updateParty(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  partyId: string,
  input: { role: string },
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const party = await findParty(deps.db, matter.id, partyId);
  if (!party) throw notFound('Party');
  if (party.role === input.role) return party;
  await deps.db.transaction(async (tx) => {
    await setPartyRole(tx, party.id, input.role);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'party.update',
      targetType: 'party',
      targetId: party.id,
      matterId: matter.id,
      meta,
      data: { contactId: party.contactId, role: { from: party.role, to: input.role } },
    });
  });
  return (await findParty(deps.db, matter.id, party.id))!;
}

/**
 * Take a party off a matter. They leave its conversations at once (their portal access to this
 * matter ends; other matters are untouched). The row is kept (removed_at) for history.
 */
export async function removeParty(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  partyId: string,
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const party = await findParty(deps.db, matter.id, partyId);
  if (!party) throw notFound('Party');
  await deps.db.transaction(async (tx) => {
    await markPartyRemoved(tx, party.id);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'party.remove',
      targetType: 'party',
      targetId: party.id,
      matterId: matter.id,
      meta,
      data: { contactId: party.contactId, role: party.role },
    });
  });
  deps.events.emit('party.removed', { partyId: party.id, matterId: matter.id });
}
