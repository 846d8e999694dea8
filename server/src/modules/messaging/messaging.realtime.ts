import { type RealtimeEvent, STAFF_ONLY_EVENTS } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Connection, Delivery } from '../../platform/realtime/hub';
import type { Signal } from '../../platform/realtime/pubsub';
import { sessionsThatMaySee } from './messaging.policy';
import { presentMessage } from './messaging.presenter';
import {
  listParticipants,
  type MessageRow,
  messageExtras,
  messageRowsByIds,
  type ParticipantRow,
} from './messaging.repository';

const text = (event: RealtimeEvent) => JSON.stringify(event);
const staffOnly = new Set<string>(STAFF_ONLY_EVENTS);
const str = (value: Signal[string]) => (typeof value === 'string' ? value : '');

/**
 * Turns the ids-only signals of messaging into what each socket on this node may receive. Access is
 * checked NOW, per signal, for all local sockets in one query (removed participants, revoked
 * sessions and deactivated staff get nothing); each payload is serialized once per variant.
 * `delivery.updated`, `share.revoked` and `share.updated` are relayed from their ids for the SMS and sharing issues:
 * publish `{type, conversationId, ...ids}` after commit and the right sockets get them.
 */
export function registerMessagingRealtime(deps: Deps): void {
  deps.realtime.on(
    [
      'message.created',
      'conversation.updated',
      'message.read',
      'delivery.updated',
      'share.revoked',
      'share.updated',
    ],
    async (signal, connections) => {
      const conversationId = str(signal.conversationId);
      const staffConnections = connections.filter((c) => c.principal.type === 'staff');
      const portalConnections = staffOnly.has(signal.type)
        ? []
        : connections.filter((c) => c.principal.type === 'portal');
      // The access check, the message and its read positions load side by side: one round trip.
      const [access, rows, people] = await Promise.all([
        sessionsThatMaySee(
          deps.db,
          conversationId,
          staffConnections.map((c) => ({ sessionId: c.principal.sessionId, staffId: c.principal.id })),
          portalConnections.map((c) => ({ sessionId: c.principal.sessionId, portalUserId: c.principal.id })),
        ),
        signal.type === 'message.created'
          ? messageRowsByIds(deps.db, [str(signal.messageId)])
          : Promise.resolve([]),
        signal.type === 'message.created' && staffConnections.length > 0
          ? listParticipants(deps.db, [conversationId])
          : Promise.resolve([]),
      ]);
      const staffAudience = staffConnections.filter((c) => access.staff.has(c.principal.sessionId));
      const portalAudience = portalConnections.filter((c) => access.portal.has(c.principal.sessionId));
      if (staffAudience.length + portalAudience.length === 0) return [];
      switch (signal.type) {
        case 'conversation.updated': {
          const payload = text({ type: 'conversation.updated', conversationId });
          return [{ connections: [...staffAudience, ...portalAudience], text: payload }];
        }
        case 'delivery.updated': {
          const event: RealtimeEvent = {
            type: 'delivery.updated',
            conversationId,
            messageId: str(signal.messageId),
            partyId: str(signal.partyId),
            channel: signal.channel === 'sms' ? 'sms' : 'email',
            status: str(signal.status),
          };
          return [{ connections: staffAudience, text: text(event) }];
        }
        case 'share.revoked':
        case 'share.updated': {
          const event: RealtimeEvent = {
            type: signal.type,
            shareId: str(signal.shareId),
            conversationId,
          };
          return [{ connections: [...staffAudience, ...portalAudience], text: text(event) }];
        }
        case 'message.read': {
          const event: RealtimeEvent = {
            type: 'message.read',
            conversationId,
            participantId: str(signal.participantId),
            seq: Number(signal.seq),
            readAt: str(signal.readAt),
          };
          return [{ connections: staffAudience, text: text(event) }];
        }
        default:
          return messageCreated(
            deps,
            conversationId,
            rows,
            people,
            staffAudience,
            portalAudience,
            access.portal,
          );
      }
    },
  );
}

async function messageCreated(
  deps: Deps,
  conversationId: string,
  rows: MessageRow[],
  people: ParticipantRow[],
  staffAudience: Connection[],
  portalAudience: Connection[],
  portalSessions: Map<string, { mfaVerifiedUntil: Date | null }>,
): Promise<Delivery[]> {
  const row = rows[0];
  if (!row || row.conversationId !== conversationId) return [];
  const deliveries: Delivery[] = [];
  const extras = await messageExtras(deps.db, rows); // no query unless it has attachments or shares
  if (staffAudience.length > 0) {
    const message = presentMessage(row, extras, { kind: 'staff', people });
    deliveries.push({
      connections: staffAudience,
      text: text({ type: 'message.created', conversationId, message }),
    });
  }
  if (portalAudience.length > 0) {
    // Two variants at most: withheld (no recent step-up) and full (DESIGN.md rule 6).
    const byVariant = new Map<boolean, Connection[]>();
    for (const connection of portalAudience) {
      const until = portalSessions.get(connection.principal.sessionId)?.mfaVerifiedUntil ?? null;
      const unlocked = !row.requireMfa || (until !== null && until > new Date());
      byVariant.set(unlocked, [...(byVariant.get(unlocked) ?? []), connection]);
    }
    for (const [unlocked, audience] of byVariant) {
      const message = presentMessage(row, extras, {
        kind: 'portal',
        mfaVerifiedUntil: unlocked ? new Date(Date.now() + 60_000) : null,
      });
      deliveries.push({
        connections: audience,
        text: text({ type: 'message.created', conversationId, message }),
      });
    }
  }
  return deliveries;
}
