import type { Queryable } from '../../platform/db/database';
import type { Connection, LocalConnections } from '../../platform/realtime/hub';
import type { Signal } from '../../platform/realtime/pubsub';
import { peopleWhoMaySee } from '../access/conversation-access';

/** A conversation's verdicts are asked again at least this often (a backstop, see below). */
export const RECHECK_MS = 5_000;
/** At most this many conversations are remembered (the oldest is dropped first). */
const MAX_CONVERSATIONS = 10_000;

/** Who among the people connected here may see one conversation (true / false; unknown: absent). */
interface Entry {
  staff: Map<string, boolean>;
  portal: Map<string, boolean>;
  checkedAt: number;
}

/**
 * The in-memory index of which local sockets may receive which conversation (DESIGN.md rule 1).
 * Verdicts are per person (all their sockets share it) and per conversation; a person met for the
 * first time (a new socket, or a conversation not seen yet) is asked once, in one query with the
 * others unknown. The index is kept true by what the bus carries, applied as each signal ARRIVES
 * (before any later signal is resolved):
 * - `conversation.updated` (participants added or removed, a new conversation): that conversation;
 * - `access.changed` (a matter's restriction or staff list, a party removed from a matter, a staff
 *   member's role): everything;
 * - a person's last socket closing: their verdicts;
 * - sessions (revoked, expired, deactivated staff) are not in the index: each push checks the
 *   audience's sessions by id (`liveSessions`), so a session ended in the database alone gets nothing.
 * As a backstop for a change no event names (e.g. a contact linked to a portal user), a
 * conversation's verdicts are asked again when older than RECHECK_MS.
 */
export class RealtimeAudience {
  private entries = new Map<string, Entry>();

  constructor(private readonly db: Queryable) {}

  /** Apply what a signal says about access, as it arrives. */
  observe(signal: Signal) {
    if (signal.type === 'access.changed') this.entries = new Map();
    else if (signal.type === 'conversation.updated' && typeof signal.conversationId === 'string')
      this.entries.delete(signal.conversationId);
  }

  /** A socket closed: when it was its person's last one here, forget that person. */
  forgetIfGone(connection: Connection, local: LocalConnections) {
    const { type, id } = connection.principal;
    if (local.of(type, id).length > 0) return;
    for (const entry of this.entries.values()) (type === 'staff' ? entry.staff : entry.portal).delete(id);
  }

  /**
   * The sockets here that may receive this conversation now (sessions not yet checked). Asks the
   * database only about people without a verdict; `withPortal: false` for staff-only events.
   */
  async sockets(
    conversationId: string,
    local: LocalConnections,
    withPortal: boolean,
  ): Promise<{ staff: Connection[]; portal: Connection[] }> {
    const entry = this.entry(conversationId);
    const unknownStaff: string[] = [];
    const unknownPortal: string[] = [];
    for (const person of local.people()) {
      if (person.type === 'staff' && !entry.staff.has(person.id)) unknownStaff.push(person.id);
      if (person.type === 'portal' && withPortal && !entry.portal.has(person.id))
        unknownPortal.push(person.id);
    }
    if (unknownStaff.length + unknownPortal.length > 0) {
      const allowed = await peopleWhoMaySee(this.db, conversationId, unknownStaff, unknownPortal);
      for (const id of unknownStaff) entry.staff.set(id, allowed.staff.has(id));
      for (const id of unknownPortal) entry.portal.set(id, allowed.portal.has(id));
    }
    const pick = (type: 'staff' | 'portal', verdicts: Map<string, boolean>) =>
      [...verdicts].flatMap(([id, ok]) => (ok ? local.of(type, id) : []));
    return { staff: pick('staff', entry.staff), portal: withPortal ? pick('portal', entry.portal) : [] };
  }

  /** Everyone here who may be owed this conversation's signals: those allowed and those not asked. */
  owed(conversationId: string, local: LocalConnections): Connection[] {
    const entry = this.entries.get(conversationId);
    const owed: Connection[] = [];
    for (const person of local.people()) {
      const verdict = (person.type === 'staff' ? entry?.staff : entry?.portal)?.get(person.id);
      if (verdict !== false) owed.push(...person.connections);
    }
    return owed;
  }

  private entry(conversationId: string): Entry {
    const known = this.entries.get(conversationId);
    if (known && Date.now() - known.checkedAt < RECHECK_MS) return known;
    this.entries.delete(conversationId);
    if (this.entries.size >= MAX_CONVERSATIONS) this.entries.delete(this.entries.keys().next().value!);
    const entry: Entry = { staff: new Map(), portal: new Map(), checkedAt: Date.now() };
    this.entries.set(conversationId, entry);
    return entry;
  }
}
