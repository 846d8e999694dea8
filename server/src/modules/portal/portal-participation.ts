import type { PortalMessageView } from '@parley/contracts';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { PortalActor } from '../access/actor';
import { type MessageRow, messageExtras } from '../messaging/messages.repository';
import { presentMessage } from '../messaging/messaging.presenter';
import { findPortalParticipation } from './portal-conversations.repository';

/** Messages as this portal user sees them (DESIGN.md rule 6: locked without a recent step-up). */
export async function portalViews(
  deps: Deps,
  actor: PortalActor,
  rows: MessageRow[],
): Promise<PortalMessageView[]> {
  const extras = await messageExtras(deps.db, rows);
  return rows.map((row) =>
    presentMessage(row, extras, { kind: 'portal', mfaVerifiedUntil: actor.mfaVerifiedUntil }),
  );
}

/** The user's participation in the conversation, or 404 (missing, not theirs, or left). */
export async function requireParticipation(deps: Deps, actor: PortalActor, conversationId: string) {
  const mine = await findPortalParticipation(deps.db, actor.id, conversationId);
  if (!mine) throw notFound('Conversation');
  return mine;
}
