import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { messageEffects } from './message-effects';
import type { Actor } from './modules/access/actor';
import { authenticateToken, sessionDeadlines, sessionPolicy } from './modules/identity/sessions.repository';
import type { MessageEffect } from './modules/messaging/message-effects';
import { publishShareUpdates } from './modules/sharing/publish-share-updates';
import { createBlobStore } from './platform/blobs';
import type { BlobStore } from './platform/blobs/blob-store';
import { loadSecretBox, type SecretBox } from './platform/crypto/secret-box';
import { type Database, type Db, openDatabase } from './platform/db/database';
import type { RouteSpec } from './platform/http/route';
import { DbJobQueue, type JobQueue } from './platform/jobs/queue';
import { createLogger } from './platform/logger';
import type { Mailer } from './platform/mail/mailer';
import { OutboxMailer } from './platform/mail/outbox-mailer';
import { SmtpMailer } from './platform/mail/smtp-mailer';
import { countUploadBytes, Metrics } from './platform/metrics/metrics';
import { OutboxStore } from './platform/outbox/outbox-store';
import { RealtimeHub } from './platform/realtime/hub';
import { InProcessPubSub, PostgresPubSub, type PubSub, RedisPubSub } from './platform/realtime/pubsub';
import { OutboxSmsSender, type SmsSender } from './platform/sms/sms-sender';
import { TwilioSmsSender } from './platform/sms/twilio-sms-sender';

/** In-process signals between modules (e.g. realtime closes sockets when sessions end). */
export interface DomainEvents {
  'sessions.ended': [{ sessionIds: string[]; staffId?: string }];
  'party.removed': [{ partyId: string; matterId: string }];
  'jobs.enqueued': [];
}

/** A change to All Files that has committed: documents or folders of one matter. */
export interface FilesChange {
  matterId: string;
  documentIds?: string[];
  folderIds?: string[];
}

/**
 * The composition root (STYLE.md): picks the drivers from the configuration. Everything a use-case
 * needs comes through here, so tests can swap any part.
 */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  jobs: JobQueue;
  /** SMTP when SMTP_URL is set, else the outbox. Only jobs call it (DESIGN.md rule 7). */
  mail: Mailer;
  /** Twilio when TWILIO_* is set, else the outbox. Only jobs call it. */
  sms: SmsSender;
  /** `DATA_DIR/outbox`: what the outbox drivers wrote, for `GET /dev/outbox`. */
  outbox: OutboxStore;
  blobs: BlobStore;
  events: EventEmitter<DomainEvents>;
  /** This node's Prometheus metrics (`GET /metrics`). */
  metrics: Metrics;
  /** This node's WebSocket hub, fed by the cross-node pub/sub. */
  realtime: RealtimeHub;
  /** Seals secrets the server reads back (TOTP seeds) with SECRETS_KEY or DATA_DIR/secrets.key. */
  secrets: SecretBox;
  /** Every registered route, for the OpenAPI document. */
  routes: RouteSpec[];
  /** What other modules do when a message is posted, in order (`message-effects.ts`). */
  messageEffects: readonly MessageEffect[];
  /**
   * Called by files' use-cases after a change to All Files commits, so modules above files hear of
   * it without files importing them (sharing tells the recipients of the shares that reach it).
   * Never throws.
   */
  afterFilesChange(change: FilesChange): Promise<void>;
  authenticate(token: string, kind: 'staff' | 'portal'): Promise<Actor | null>;
}

export interface DepsOverrides {
  database?: Database;
  jobs?: JobQueue;
  log?: Logger;
  mail?: Mailer;
  sms?: SmsSender;
  pubsub?: PubSub;
  blobs?: BlobStore;
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const database =
    overrides.database ??
    (await openDatabase(
      config.DATABASE_URL
        ? { kind: 'postgres', url: config.DATABASE_URL }
        : { kind: 'pglite', dataDir: path.join(config.DATA_DIR, 'db') },
    ));
  const events = new EventEmitter<DomainEvents>();
  const policy = sessionPolicy(config);
  const outbox = new OutboxStore(path.join(config.DATA_DIR, 'outbox'));
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const pubsub =
    overrides.pubsub ??
    (config.REDIS_URL
      ? await RedisPubSub.connect(config.REDIS_URL, log)
      : database.pool
        ? new PostgresPubSub(database.pool, log)
        : new InProcessPubSub());
  const metrics = new Metrics();
  const realtime = new RealtimeHub(pubsub, log, {
    observeFanout: (seconds) => metrics.fanout.observe(seconds),
    sessionDeadlines: (ids) => sessionDeadlines(database.db, ids),
  });
  metrics.watch({ db: database.db, pool: database.pool, socketsOpen: () => realtime.size });
  // Ended sessions lose their sockets on every node, not only this one.
  events.on('sessions.ended', ({ sessionIds }) => {
    for (let i = 0; i < sessionIds.length; i += 100) {
      void realtime.publish({ type: 'sessions.ended', sessionIds: sessionIds.slice(i, i + 100) });
    }
  });
  // A party removed from a matter loses its conversations on every node (realtime's index).
  events.on('party.removed', ({ matterId }) => {
    void realtime.publish({ type: 'access.changed', matterId });
  });
  const deps: Deps = {
    config,
    database,
    db: database.db,
    log,
    metrics,
    realtime,
    secrets: await loadSecretBox(config),
    jobs: overrides.jobs ?? new DbJobQueue(() => events.emit('jobs.enqueued')),
    mail:
      overrides.mail ??
      (config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new OutboxMailer(outbox)),
    sms: overrides.sms ?? createSmsSender(config, outbox),
    outbox,
    blobs: countUploadBytes(overrides.blobs ?? createBlobStore(config), metrics),
    events,
    routes: [],
    messageEffects: messageEffects(),
    authenticate: (token, kind) => authenticateToken(database.db, policy, token, kind),
    afterFilesChange: (change) => publishShareUpdates(deps, change),
  };
  return deps;
}

function createSmsSender(config: Config, outbox: OutboxStore): SmsSender {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_API_BASE } = config;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) return new OutboxSmsSender(outbox);
  return new TwilioSmsSender({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: TWILIO_FROM,
    apiBase: TWILIO_API_BASE,
  });
}
