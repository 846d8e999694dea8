import type { ConversationView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter, staffWhoMaySeeMatter } from '../access/matter-access';
import { appendAudit } from '../audit/audit.repository';
import { getConversation } from './list-conversations';
import { activePartyIds, addParticipantRows, insertConversation } from './messaging.repository';

export type NewConversation =
  | {
      kind: 'external' | 'internal';
      matterId: string;
      partyIds?: string[];
      staffIds?: string[];
      title?: string | null;
    }
  | { kind: 'channel'; title: string; staffIds?: string[] }
  | { kind: 'direct'; staffIds: string[]; title?: string | null };

/**
 * Every listed person must exist and be allowed in: parties active on the matter, staff active in
 * the firm and able to see the matter. Otherwise 404 naming them; nothing is written.
 */
export async function checkPeople(
  db: Queryable,
  actor: StaffActor,
  matterId: string | null,
  people: { staffIds?: string[] | undefined; partyIds?: string[] | undefined },
): Promise<{ staffIds: string[]; partyIds: string[] }> {
  const staffIds = [...new Set(people.staffIds ?? [])];
  const partyIds = [...new Set(people.partyIds ?? [])];
  const [okStaff, okParties] = await Promise.all([
    staffWhoMaySeeMatter(db, actor.firmId, matterId, staffIds),
    matterId ? activePartyIds(db, matterId, partyIds) : Promise.resolve(new Set<string>()),
  ]);
  const missing = [
    ...staffIds.filter((id) => !okStaff.has(id)).map((id) => ({ field: 'body.staffIds', id })),
    ...partyIds.filter((id) => !okParties.has(id)).map((id) => ({ field: 'body.partyIds', id })),
  ];
  if (missing.length > 0) {
    throw new AppError(
      'not_found',
      `Participant(s) not found: ${missing.map((m) => m.id).join(', ')}.`,
      missing,
    );
  }
  return { staffIds, partyIds };
}

/** Parties only in external conversations, an external one needs at least one, and a direct message never grows. */
export function checkKind(kind: string, partyCount: number, creating: boolean): void {
  if (kind !== 'external' && partyCount > 0) {
    throw new AppError('wrong_conversation_kind', `Parties cannot take part in an ${kind} conversation.`);
  }
  if (creating && kind === 'external' && partyCount === 0) {
    throw new AppError('wrong_conversation_kind', 'An external conversation needs at least one party.');
  }
  // Its people chose a private conversation among themselves: nobody is added later (DESIGN.md
  // words: direct = staff, no matter). More people means a new conversation that all of them see.
  if (!creating && kind === 'direct') {
    throw new AppError(
      'wrong_conversation_kind',
      'People cannot be added to a direct message: start a new direct message or a channel with everyone instead.',
    );
  }
}

/**
 * A new conversation: external / internal on a matter, or a channel / direct message among staff.
 * The creator is always a participant.
 */
export async function createConversation(
  deps: Deps,
  actor: StaffActor,
  input: NewConversation,
  meta: RequestMeta,
): Promise<ConversationView> {
  const matterId =
    'matterId' in input ? (await requireVisibleMatter(deps.db, actor, input.matterId)).id : null;
  const partyIds = 'partyIds' in input ? input.partyIds : undefined;
  checkKind(input.kind, partyIds?.length ?? 0, true);
  const people = await checkPeople(deps.db, actor, matterId, { staffIds: input.staffIds, partyIds });
  if (input.kind === 'direct' && people.staffIds.filter((id) => id !== actor.id).length === 0) {
    throw new AppError('invalid_request', 'A direct message needs at least one other staff member.', [
      { field: 'body.staffIds', message: 'name someone other than yourself' },
    ]);
  }
  const id = await deps.db.transaction(async (tx) => {
    const conversation = await createConversationRows(
      tx,
      actor,
      {
        matterId,
        kind: input.kind,
        title: input.title ?? null,
        staffIds: people.staffIds,
        partyIds: people.partyIds,
      },
      meta,
    );
    return conversation.id;
  });
  await deps.realtime.publish({ type: 'conversation.updated', conversationId: id });
  return getConversation(deps.db, actor, id);
}

/**
 * The rows of a new conversation and its participants (creator included), and its audit row, inside
 * the caller's transaction.
 */
export async function createConversationRows(
  tx: Queryable,
  actor: StaffActor,
  input: {
    matterId: string | null;
    kind: NewConversation['kind'];
    title: string | null;
    staffIds: string[];
    partyIds: string[];
  },
  meta: RequestMeta,
) {
  const conversation = await insertConversation(tx, {
    firmId: actor.firmId,
    matterId: input.matterId,
    kind: input.kind,
    title: input.title,
    createdBy: actor.id,
  });
  const staffIds = [actor.id, ...input.staffIds.filter((id) => id !== actor.id)];
  await addParticipantRows(tx, actor.firmId, conversation.id, { staffIds, partyIds: input.partyIds });
  await appendAudit(tx, {
    firmId: actor.firmId,
    actor,
    action: 'conversation.create',
    targetType: 'conversation',
    targetId: conversation.id,
    matterId: input.matterId,
    meta,
    data: { kind: input.kind, staffIds, partyIds: input.partyIds },
  });
  return conversation;
}
