import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PubSub, Signal } from './pubsub';
import { type SessionDeadlines, SessionExpiry } from './session-expiry';

/** One open WebSocket and who is behind it (checked again at every push, see `Resolver`). */
export interface Connection {
  id: string;
  principal: { type: 'staff' | 'portal'; id: string; sessionId: string; firmId: string | null };
  /** A UTF-8 JSON text frame. */
  send(text: Buffer): void;
  close(code: number, reason: string): void;
}

/** What to send to whom: `text` is serialized once and shared by every connection that gets it. */
export interface Delivery {
  connections: Connection[];
  text: string;
}

/**
 * Turns a signal into deliveries for this node's connections. Business rules live in the modules
 * (messaging registers one); the hub only routes. It must check each recipient's CURRENT access.
 */
export type Resolver = (signal: Signal, connections: Connection[]) => Promise<Delivery[]>;

/**
 * The realtime hub of one node: the sockets connected here, and the subscription to the bus that
 * every node shares. A conversation's signals are handled one at a time in arrival order, so its
 * events reach a socket in the order they were published; different conversations run concurrently.
 */
export class RealtimeHub {
  private readonly connections = new Map<string, Connection>();
  private readonly resolvers = new Map<string, Resolver>();
  /** One chain per conversation (or other key): ordered within it, concurrent across them. */
  private readonly queues = new Map<string, Promise<void>>();
  private started: Promise<void> | undefined;
  private readonly expiry: SessionExpiry | undefined;
  private readonly observeFanout: (seconds: number) => void;

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
        (ids) => this.closeAll(ids, 'session expired'),
        (error) => this.log.warn({ err: error }, 'realtime session expiry check failed'),
      );
  }

  /** Handle signals of these types with this resolver. */
  on(types: string[], resolver: Resolver) {
    for (const type of types) this.resolvers.set(type, resolver);
  }

  start(): Promise<void> {
    this.started ??= this.bus.subscribe((signal) => {
      const key = typeof signal.conversationId === 'string' ? signal.conversationId : '';
      const arrived = performance.now();
      const next = (this.queues.get(key) ?? Promise.resolve())
        .then(() => this.handle(signal))
        .then((sent) => {
          if (sent > 0) this.observeFanout((performance.now() - arrived) / 1000);
        })
        .catch((error: unknown) => {
          this.log.error({ err: error, signal: signal.type }, 'realtime signal failed');
        });
      this.queues.set(key, next);
      void next.then(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    });
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

  add(principal: Connection['principal'], socket: Pick<Connection, 'send' | 'close'>): Connection {
    const connection: Connection = { id: randomUUID(), principal, send: socket.send, close: socket.close };
    this.connections.set(connection.id, connection);
    this.expiry?.watch(connection.id, principal.sessionId).catch((error: unknown) => {
      this.log.warn({ err: error }, 'realtime session expiry check failed');
    });
    return connection;
  }

  remove(connection: Connection) {
    this.connections.delete(connection.id);
    this.expiry?.forget(connection.id);
  }

  /** Close these sockets as their session ended (4401, as on sign-out and revoke). */
  private closeAll(connectionIds: string[], reason: string) {
    for (const id of connectionIds) {
      const connection = this.connections.get(id);
      if (!connection) continue;
      this.remove(connection);
      connection.close(4401, reason);
    }
  }

  get size() {
    return this.connections.size;
  }

  /** Returns how many frames it sent. */
  private async handle(signal: Signal): Promise<number> {
    if (signal.type === 'sessions.ended') {
      const ended = new Set(Array.isArray(signal.sessionIds) ? signal.sessionIds : []);
      const closing = [...this.connections.values()].filter((c) => ended.has(c.principal.sessionId));
      this.closeAll(
        closing.map((c) => c.id),
        'session ended',
      );
      return 0;
    }
    const resolver = this.resolvers.get(signal.type);
    if (!resolver || this.connections.size === 0) return 0;
    const deliveries = await resolver(signal, [...this.connections.values()]);
    let sent = 0;
    for (const delivery of deliveries) {
      const bytes = Buffer.from(delivery.text); // encoded once, sent to every socket as a text frame
      for (const connection of delivery.connections) {
        if (!this.connections.has(connection.id)) continue;
        connection.send(bytes);
        sent++;
      }
    }
    return sent;
  }

  async close() {
    this.expiry?.stop();
    for (const connection of this.connections.values()) connection.close(1001, 'server shutting down');
    this.connections.clear();
    await this.bus.close();
  }
}
