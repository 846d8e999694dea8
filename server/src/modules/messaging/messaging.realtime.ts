import { type MessageView, type RealtimeEvent, STAFF_ONLY_EVENTS } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Connection, Delivery, LocalConnections } from '../../platform/realtime/hub';
import type { Signal } from '../../platform/realtime/pubsub';
import { liveSessions } from '../identity/sessions.repository';
import { type MessageExtras, type MessageRow, messageExtras, messageRowsByIds } from './messages.repository';
import { presentMessage } from './messaging.presenter';
import { RealtimeAudience } from './messaging.realtime-audience';
import { listParticipants, type ParticipantRow } from './messaging.repository';

const text = (event: RealtimeEvent) => JSON.stringify(event);
const staffOnly = new Set<string>(STAFF_ONLY_EVENTS);
const str = (value: Signal[string]) => (typeof value === 'string' ? value : '');

const TYPES = [
  'message.created',
  'conversation.updated',
  'message.read',
  'delivery.updated',
  'share.revoked',
  'share.updated',
];

/**
 * Turns the signals of messaging into what each socket on this node may receive. Who may see a
 * conversation comes from the in-memory index (`RealtimeAudience`), not a query over every socket;
 * the signals of one conversation that queued up are resolved together (the hub coalesces them):
 * one read of the audience's sessions (revoked, expired, deactivated: nothing; step-up for rule 6),
 * the messages not carried on the bus, and the read positions, side by side. Each payload is
 * serialized once per variant. Other modules publish `{type, conversationId, ...ids}` after commit
 * (`delivery.updated`, `share.revoked`, `share.updated`) and `access.changed` when who may see a
 * matter's conversations changed.
 */
export function registerMessagingRealtime(deps: Deps): void {
  const audience = new RealtimeAudience(deps.db);
  deps.realtime.onConnection('removed', (connection) => audience.forgetIfGone(connection, deps.realtime));
  deps.realtime.on([...TYPES, 'access.changed'], {
    observe: (signal) => audience.observe(signal),
    audience: async (conversationId, local) => audience.owed(conversationId, local),
    resolve: (signals, local) => resolveSignals(deps, audience, signals, local),
  });
}

async function resolveSignals(
  deps: Deps,
  audience: RealtimeAudience,
  signals: Signal[],
  local: LocalConnections,
): Promise<Delivery[]> {
  const conversationId = str(signals[0]!.conversationId);
  const withPortal = signals.some((s) => !staffOnly.has(s.type));
  const candidates = await audience.sockets(conversationId, local, withPortal);
  if (candidates.staff.length + candidates.portal.length === 0) return [];
  const created = signals.filter((s) => s.type === 'message.created');
  const carried = new Map<string, MessageRow>();
  for (const signal of created) {
    const row = rowFromPayload(signal, conversationId);
    if (row) carried.set(row.id, row);
  }
  const missing = created.map((s) => str(s.messageId)).filter((id) => id && !carried.has(id));
  const [sessions, loaded, people] = await Promise.all([
    liveSessions(
      deps.db,
      [...candidates.staff, ...candidates.portal].map((c) => c.principal.sessionId),
    ),
    messageRowsByIds(deps.db, missing),
    created.length > 0 && candidates.staff.length > 0
      ? listParticipants(deps.db, [conversationId])
      : Promise.resolve([]),
  ]);
  for (const row of loaded) carried.set(row.id, row);
  const rows = [...carried.values()].filter((r) => r.conversationId === conversationId);
  const extras = await messageExtras(deps.db, rows); // no query unless one has attachments or shares
  const live = (c: Connection) => sessions.has(c.principal.sessionId);
  const batch: Batch = {
    conversationId,
    staff: candidates.staff.filter(live),
    portal: candidates.portal.filter(live),
    mfa: (c) => sessions.get(c.principal.sessionId)?.mfaVerifiedUntil ?? null,
    rows: new Map(rows.map((r) => [r.id, r])),
    extras,
    people,
  };
  if (batch.staff.length + batch.portal.length === 0) return [];
  return signals.flatMap((signal) => deliveriesOf(signal, batch));
}

interface Batch {
  conversationId: string;
  staff: Connection[];
  portal: Connection[];
  mfa: (connection: Connection) => Date | null;
  rows: Map<string, MessageRow>;
  extras: MessageExtras;
  people: ParticipantRow[];
}

function deliveriesOf(signal: Signal, b: Batch): Delivery[] {
  const { conversationId } = b;
  const everyone = [...b.staff, ...b.portal];
  const to = (connections: Connection[], event: RealtimeEvent) =>
    connections.length === 0 ? [] : [{ connections, text: text(event) }];
  switch (signal.type) {
    case 'conversation.updated':
      return to(everyone, { type: 'conversation.updated', conversationId });
    case 'delivery.updated':
      return to(b.staff, {
        type: 'delivery.updated',
        conversationId,
        messageId: str(signal.messageId),
        partyId: str(signal.partyId),
        channel: signal.channel === 'sms' ? 'sms' : 'email',
        status: str(signal.status),
      });
    case 'share.revoked':
    case 'share.updated':
      return to(everyone, { type: signal.type, shareId: str(signal.shareId), conversationId });
    case 'message.read':
      return to(b.staff, {
        type: 'message.read',
        conversationId,
        participantId: str(signal.participantId),
        seq: Number(signal.seq),
        readAt: str(signal.readAt),
      });
    case 'message.created':
      return messageCreated(signal, b);
    default:
      return [];
  }
}

function messageCreated(signal: Signal, b: Batch): Delivery[] {
  const row = b.rows.get(str(signal.messageId));
  if (!row) return [];
  const { conversationId } = b;
  const deliveries: Delivery[] = [];
  if (b.staff.length > 0) {
    const message = presentMessage(row, b.extras, { kind: 'staff', people: b.people });
    deliveries.push({
      connections: b.staff,
      text: text({ type: 'message.created', conversationId, message }),
    });
  }
  if (b.portal.length > 0) {
    // Two variants at most: withheld (no recent step-up) and full (DESIGN.md rule 6).
    const byVariant = new Map<boolean, Connection[]>();
    for (const connection of b.portal) {
      const until = b.mfa(connection);
      const unlocked = !row.requireMfa || (until !== null && until > new Date());
      byVariant.set(unlocked, [...(byVariant.get(unlocked) ?? []), connection]);
    }
    for (const [unlocked, audience] of byVariant) {
      const message = presentMessage(row, b.extras, {
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

/**
 * The `message.created` signal of a message as just written, with the message itself on the bus
 * when it has nothing looked up apart (no attachment, share or delivery): receivers then need no
 * read of it. The bus drops the payload when it does not fit (PostgreSQL NOTIFY: 8000 bytes);
 * receivers load such messages by id. Access and sessions are checked by every receiver all the same.
 */
export function messageCreatedSignal(firmId: string, message: MessageView): Signal {
  const signal: Signal = {
    type: 'message.created',
    conversationId: message.conversationId,
    messageId: message.id,
  };
  if (message.attachments.length + message.shares.length + message.deliveries.length > 0) return signal;
  const payload: WireMessage = {
    firmId,
    seq: message.seq,
    authorType: message.author.type,
    authorId: message.author.id,
    authorName: message.author.name,
    body: message.body,
    links: message.links,
    sendAsSms: message.sendAsSms,
    requireMfa: message.requireMfa,
    via: message.via,
    createdAt: message.createdAt,
  };
  signal.payload = JSON.stringify(payload);
  return signal;
}

type WireMessage = Omit<
  MessageRow,
  'id' | 'conversationId' | 'createdAt' | 'hasExtras' | 'clientMessageId'
> & {
  createdAt: string;
};

function rowFromPayload(signal: Signal, conversationId: string): MessageRow | undefined {
  if (typeof signal.payload !== 'string') return undefined;
  try {
    const wire = JSON.parse(signal.payload) as WireMessage;
    if (typeof wire.seq !== 'number' || typeof wire.body !== 'string' || !Array.isArray(wire.links))
      return undefined;
    return {
      ...wire,
      id: str(signal.messageId),
      conversationId,
      clientMessageId: null,
      createdAt: new Date(wire.createdAt),
      hasExtras: false,
    };
  } catch {
    return undefined;
  }
}
