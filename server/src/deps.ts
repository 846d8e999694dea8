import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Actor } from './modules/identity/actor';
import { authenticateToken, sessionPolicy } from './modules/identity/sessions';
import { createBlobStore } from './platform/blobs';
import type { BlobStore } from './platform/blobs/blob-store';
import { type Database, type Db, openDatabase } from './platform/db/database';
import type { RouteSpec } from './platform/http/route';
import { DbJobQueue, type JobQueue } from './platform/jobs/queue';
import { createLogger } from './platform/logger';

/** In-process signals between modules (e.g. realtime closes sockets when sessions end). */
export interface DomainEvents {
  'sessions.ended': [{ sessionIds: string[]; staffId?: string }];
  'party.removed': [{ partyId: string; matterId: string }];
  'jobs.enqueued': [];
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
  blobs: BlobStore;
  events: EventEmitter<DomainEvents>;
  /** Every registered route, for the OpenAPI document. */
  routes: RouteSpec[];
  authenticate(token: string, kind: 'staff' | 'portal'): Promise<Actor | null>;
}

export interface DepsOverrides {
  database?: Database;
  jobs?: JobQueue;
  log?: Logger;
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
  return {
    config,
    database,
    db: database.db,
    log: overrides.log ?? createLogger(config.LOG_LEVEL),
    jobs: overrides.jobs ?? new DbJobQueue(() => events.emit('jobs.enqueued')),
    blobs: overrides.blobs ?? createBlobStore(config),
    events,
    routes: [],
    authenticate: (token, kind) => authenticateToken(database.db, policy, token, kind),
  };
}
