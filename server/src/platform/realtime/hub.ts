import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PubSub, Signal } from './pubsub';
import { type SessionDeadlines, SessionExpiry } from './session-expiry';

/** Close codes (contracts `REALTIME_CLOSE`; duplicated here: platform does not import contracts). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_CATCH_UP = 4409;

/** One open WebSocket and who is behind it (its session is checked again at every push). */
export interface Connection {
  id: string;
  principal: { type: 'staff' | 'portal'; id: string; sessionId: string; firmId: string | null };
  /** A UTF-8 JSON text frame. */
  send(text: Buffer): void;
  /** Several text frames in order, written to the network together (optional: else `send` each). */
  sendMany?(texts: Buffer[]): void;
  close(code: number, reason: string): void;
  /** Bytes queued on this socket and not yet written to the network. */
  buffered(): number;
}

/** What to send to whom: `text` is serialized once and shared by every connection that gets it. */
export interface Delivery {
  connections: Connection[];
  text: string;
}

/** The sockets of this node, grouped by who is behind them (what a resolver decides access for). */
export interface LocalConnections {
  /** Every person connected here, with their open sockets. */
  people(): Iterable<{ type: 'staff' | 'portal'; id: string; connections: Connection[] }>;
  /** The open sockets of one person (empty when none). */
  of(type: 'staff' | 'portal', id: string): readonly Connection[];
}

/**
 * Turns signals into deliveries for this node's connections. Business rules live in the modules
 * (messaging registers one); the hub only routes, coalesces and bounds.
 */
export interface Resolver {
  /**
   * The signals of one key (a conversation) that queued up meanwhile, in publish order: deliveries in
   * that order. Each recipient's CURRENT access must be checked.
   */
  resolve(signals: Signal[], local: LocalConnections): Promise<Delivery[]>;
  /** Everyone here who may be owed signals of this key: closed (catch up) when its queue overflows. */
  audience(key: string, local: LocalConnections): Promise<Connection[]>;
  /**
   * Called with each signal as it ARRIVES, before any later one is resolved (e.g. to keep an index
   * of who may see what true). A signal without `conversationId` is only observed.
   */
  observe?(signal: Signal): void;
}

/** At most this many signals go to a resolver at once (one database read for all of them). */
const MAX_BATCH = 500;
/** A key's queue never holds more; past it the queue is dropped and its audience told to catch up. */
export const MAX_PENDING = 5_000;
/** A socket with more than this many bytes not yet written is closed with CLOSE_CATCH_UP. */
export const MAX_SOCKET_BUFFER = 1 << 20;

interface Lane {
  pending: Signal[];
  /** performance.now() when the oldest pending signal arrived (for the fan-out metric). */
  since: number;
  running: boolean;
}

const principalKey = (type: string, id: string) => `${type}:${id}`;

/**
 * The realtime hub of one node: the sockets connected here, and the subscription to the bus that
 * every node shares. A conversation's signals are handled in arrival order; those that arrive while
 * one batch is being resolved are resolved together next (coalesced: one database read however
 * many). Different conversations run concurrently. Every queue is bounded (see MAX_PENDING and
 * MAX_SOCKET_BUFFER): a socket that cannot keep up is closed with CLOSE_CATCH_UP.
 */
export class RealtimeHub implements LocalConnections {
  private readonly connections = new Map<string, Connection>();
  private readonly byPerson = new Map<
    string,
    { type: 'staff' | 'portal'; id: string; connections: Connection[] }
  >();
  private readonly resolvers = new Map<string, Resolver>();
  private readonly lanes = new Map<string, Lane>();
  private started: Promise<void> | undefined;
  private readonly expiry: SessionExpiry | undefined;
  private readonly observeFanout: (seconds: number) => void;
  private readonly listeners: { added: ((c: Connection) => void)[]; removed: ((c: Connection) => void)[] } = {
    added: [],
    removed: [],
  };

  constructor(
    readonly bus: PubSub,
    private readonly log: Logger,
    options: {
      /** Seconds from a signal's arrival here to its last send, for signals that reached a socket. */
      observeFanout?: (seconds: number) => void;
      sessionDeadlines?: SessionDeadlines;
    } = {},
  ) {
    this.observeFanout = options.observeFanout ?? (() => {});
    if (options.sessionDeadlines)
      this.expiry = new SessionExpiry(
        options.sessionDeadlines,
        (ids) => this.closeAll(ids, CLOSE_SESSION_ENDED, 'session expired'),
        (error) => this.log.warn({ err: error }, 'realtime session expiry check failed'),
      );
  }

  /** Handle signals of these types with this resolver. */
  on(types: string[], resolver: Resolver) {
    for (const type of types) this.resolvers.set(type, resolver);
  }

  /** Be told when a socket opens or closes here (an index of who may receive what follows it). */
  onConnection(event: 'added' | 'removed', listener: (connection: Connection) => void) {
    this.listeners[event].push(listener);
  }

  start(): Promise<void> {
    this.started ??= this.bus.subscribe((signal) => this.enqueue(signal));
    return this.started;
  }

  /**
   * Publish after commit. The caller does not wait for the bus (its answer does not depend on it;
   * signals of one caller still go out in order); a failure is logged, never surfaced: clients
   * catch up by seq.
   */
  async publish(signal: Signal): Promise<void> {
    this.bus.publish(signal).catch((error: unknown) => {
      this.log.warn({ err: error, signal: signal.type }, 'realtime publish failed');
    });
  }

  add(
    principal: Connection['principal'],
    socket: Pick<Connection, 'send' | 'close'> & Partial<Pick<Connection, 'buffered' | 'sendMany'>>,
  ): Connection {
    const connection: Connection = {
      id: randomUUID(),
      principal,
      send: socket.send,
      ...(socket.sendMany ? { sendMany: socket.sendMany } : {}),
      close: socket.close,
      buffered: socket.buffered ?? (() => 0),
    };
    this.connections.set(connection.id, connection);
    const key = principalKey(principal.type, principal.id);
    const person = this.byPerson.get(key) ?? { type: principal.type, id: principal.id, connections: [] };
    person.connections.push(connection);
    this.byPerson.set(key, person);
    for (const listener of this.listeners.added) listener(connection);
    this.expiry?.watch(connection.id, principal.sessionId).catch((error: unknown) => {
      this.log.warn({ err: error }, 'realtime session expiry check failed');
    });
    return connection;
  }

  remove(connection: Connection) {
    if (!this.connections.delete(connection.id)) return;
    this.expiry?.forget(connection.id);
    const key = principalKey(connection.principal.type, connection.principal.id);
    const person = this.byPerson.get(key);
    if (person) {
      person.connections = person.connections.filter((c) => c.id !== connection.id);
      if (person.connections.length === 0) this.byPerson.delete(key);
    }
    for (const listener of this.listeners.removed) listener(connection);
  }

  get size() {
    return this.connections.size;
  }

  people() {
    return this.byPerson.values();
  }

  of(type: 'staff' | 'portal', id: string): readonly Connection[] {
    return this.byPerson.get(principalKey(type, id))?.connections ?? [];
  }

  /** Close these sockets (a session that ended, a socket that fell behind). */
  private closeAll(connectionIds: string[], code: number, reason: string) {
    for (const id of connectionIds) {
      const connection = this.connections.get(id);
      if (!connection) continue;
      this.remove(connection);
      connection.close(code, reason);
    }
  }

  private enqueue(signal: Signal) {
    if (signal.type === 'sessions.ended') {
      const ended = new Set(Array.isArray(signal.sessionIds) ? signal.sessionIds : []);
      const closing = [...this.connections.values()].filter((c) => ended.has(c.principal.sessionId));
      this.closeAll(
        closing.map((c) => c.id),
        CLOSE_SESSION_ENDED,
        'session ended',
      );
      return;
    }
    const resolver = this.resolvers.get(signal.type);
    if (!resolver) return;
    resolver.observe?.(signal);
    if (typeof signal.conversationId !== 'string') return;
    const key = signal.conversationId;
    const lane = this.lanes.get(key) ?? { pending: [], since: 0, running: false };
    this.lanes.set(key, lane);
    if (lane.pending.length === 0) lane.since = performance.now();
    lane.pending.push(signal);
    if (lane.pending.length > MAX_PENDING) {
      // Never an unbounded buffer: drop what waits and tell its audience here to catch up.
      const dropped = lane.pending.splice(0);
      void this.overflow(key, dropped);
    }
    if (!lane.running) void this.drain(key, lane);
  }

  private async overflow(key: string, dropped: Signal[]) {
    const resolver = this.resolvers.get(dropped[0]!.type)!;
    this.log.warn({ key, dropped: dropped.length }, 'realtime signals dropped; their sockets must catch up');
    try {
      const audience = await resolver.audience(key, this);
      this.closeAll(
        audience.map((c) => c.id),
        CLOSE_CATCH_UP,
        'fell behind: catch up over REST',
      );
    } catch (error) {
      this.log.error({ err: error }, 'realtime overflow handling failed');
    }
  }

  private async drain(key: string, lane: Lane) {
    lane.running = true;
    while (lane.pending.length > 0) {
      const arrived = lane.since;
      const batch = lane.pending.splice(0, MAX_BATCH);
      let sent = 0;
      // Consecutive signals of one resolver go together (in practice: all of a conversation's).
      for (let i = 0; i < batch.length; ) {
        const resolver = this.resolvers.get(batch[i]!.type)!;
        let j = i + 1;
        while (j < batch.length && this.resolvers.get(batch[j]!.type) === resolver) j++;
        sent += await this.handle(resolver, batch.slice(i, j));
        i = j;
      }
      // From the arrival of the batch's oldest signal to its last send.
      if (sent > 0) this.observeFanout((performance.now() - arrived) / 1000);
    }
    lane.running = false;
    if (this.lanes.get(key) === lane && lane.pending.length === 0) this.lanes.delete(key);
  }

  /** Returns how many frames it sent. */
  private async handle(resolver: Resolver, signals: Signal[]): Promise<number> {
    if (this.connections.size === 0) return 0;
    let sent = 0;
    try {
      const deliveries = await resolver.resolve(signals, this);
      // Each socket's frames of this batch, in order, written together (one write per socket).
      const frames = new Map<Connection, Buffer[]>();
      for (const delivery of deliveries) {
        const bytes = Buffer.from(delivery.text); // encoded once, shared by every socket that gets it
        for (const connection of delivery.connections) {
          const list = frames.get(connection);
          if (list) list.push(bytes);
          else frames.set(connection, [bytes]);
        }
      }
      const slow: string[] = [];
      for (const [connection, list] of frames) {
        if (!this.connections.has(connection.id)) continue;
        if (connection.buffered() > MAX_SOCKET_BUFFER) {
          slow.push(connection.id);
          continue;
        }
        if (connection.sendMany) connection.sendMany(list);
        else for (const bytes of list) connection.send(bytes);
        sent += list.length;
      }
      if (slow.length > 0) this.closeAll(slow, CLOSE_CATCH_UP, 'fell behind: catch up over REST');
    } catch (error) {
      // Nothing is silently lost: whoever was owed these signals reconnects and catches up.
      this.log.error({ err: error, signal: signals[0]?.type }, 'realtime signal failed');
      await this.overflow(String(signals[0]?.conversationId ?? ''), signals);
    }
    return sent;
  }

  async close() {
    this.expiry?.stop();
    for (const connection of this.connections.values()) connection.close(1001, 'server shutting down');
    this.connections.clear();
    this.byPerson.clear();
    await this.bus.close();
  }
}
