import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDeps, type Deps } from '../src/deps';
import { hashPassword } from '../src/modules/identity/passwords';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { ensurePortalUser } from '../src/modules/portal/portal.repository';
import { type Database, openDatabase, queryRows } from '../src/platform/db/database';
import { contacts, firms, staff } from '../src/platform/db/schema';
import type { JobQueue } from '../src/platform/jobs/queue';
import { testDatabaseName, withDatabase } from './global-setup';
import { testLogger } from './support/error-logs';

export const PUBLIC_URL = 'http://parley.test';
export const PASSWORD = 'correct horse battery staple';

/** A fresh database for one test file: the PGlite snapshot, or a clone of the PostgreSQL template. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = testDatabaseName();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
    await admin.end();
    const database = await openDatabase({ kind: 'postgres', url: withDatabase(url, name), poolSize: 20 });
    const close = database.close;
    database.close = async () => {
      await close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
    return database;
  }
  const snapshot = await fs.readFile(inject('pgliteSnapshot'));
  return openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([snapshot]) });
}

export interface TestEnv {
  deps: Deps;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createTestEnv(
  options: { env?: Record<string, string>; jobs?: JobQueue } = {},
): Promise<TestEnv> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL, ...options.env });
  const database = await openTestDatabase();
  const deps = await createDeps(config, {
    database,
    log: testLogger(),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  });
  const app = await buildApp(deps);
  await app.ready();
  return {
    deps,
    app,
    async close() {
      await app.close();
      await deps.mail.close();
      await database.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

let passwordHash: Promise<string> | undefined;

export interface SeededStaff {
  id: string;
  firmId: string;
  email: string;
  role: 'admin' | 'staff';
  token: string;
}

/** A staff member with a live session (no login round trip, no rate limits). */
export async function seedStaff(
  deps: Deps,
  firmId: string,
  role: 'admin' | 'staff',
  name = `${role} ${randomUUID().slice(0, 6)}`,
): Promise<SeededStaff> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomUUID().slice(0, 8)}@example.test`;
  const [row] = await deps.db
    .insert(staff)
    .values({ firmId, name, email, role, passwordHash: await passwordHash })
    .returning();
  const session = await createSession(
    deps.db,
    sessionPolicy(deps.config),
    { type: 'staff', staffId: row!.id, firmId },
    { ip: null, userAgent: null },
  );
  return { id: row!.id, firmId, email, role, token: session.token };
}

export interface SeededPortalUser {
  id: string;
  email: string;
  contactId: string;
  sessionId: string;
  token: string;
}

/** A contact of the firm with a linked portal user and a live portal session. */
export async function seedPortalUser(
  deps: Deps,
  firmId: string,
  options: { name?: string; email?: string; mobile?: string | null } = {},
): Promise<SeededPortalUser> {
  const name = options.name ?? `Client ${randomUUID().slice(0, 6)}`;
  const email = options.email ?? `client.${randomUUID().slice(0, 8)}@example.test`;
  const [contact] = await deps.db
    .insert(contacts)
    .values({ firmId, name, email, mobile: options.mobile ?? null })
    .returning();
  const user = await ensurePortalUser(deps.db, email, name);
  const session = await createSession(
    deps.db,
    sessionPolicy(deps.config),
    { type: 'portal', portalUserId: user.id },
    { ip: null, userAgent: null },
  );
  return { id: user.id, email, contactId: contact!.id, sessionId: session.sessionId, token: session.token };
}

export async function seedFirm(deps: Deps, name = `Firm ${randomUUID().slice(0, 6)}`) {
  const [firm] = await deps.db.insert(firms).values({ name }).returning();
  const admin = await seedStaff(deps, firm!.id, 'admin', 'Ada Admin');
  return { firm: firm!, admin };
}

export type Call = Omit<InjectOptions, 'url' | 'method' | 'body'> & {
  as?: { token: string } | null;
  body?: unknown;
  cookie?: boolean;
};

/** `app.inject` on /api/v1 with a bearer token (or the session cookie when `cookie: true`). */
export async function call(
  app: FastifyInstance,
  method: string,
  url: string,
  options: Call = {},
): Promise<LightMyRequestResponse> {
  const { as, body, cookie, headers, ...rest } = options;
  const auth: Record<string, string> = {};
  if (as && cookie) auth.cookie = `parley_session=${as.token}`;
  else if (as) auth.authorization = `Bearer ${as.token}`;
  return app.inject({
    method: method as InjectOptions['method'],
    url: url.startsWith('/api/') || url.startsWith('/healthz') ? url : `/api/v1${url}`,
    ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    headers: { ...auth, ...(headers as Record<string, string> | undefined) },
    ...rest,
  });
}

/** Row counts of every table plus the audit heads: equal before and after means nothing changed. */
export async function databaseFingerprint(deps: Deps): Promise<string> {
  const tables = await queryRows<{ table_name: string }>(
    deps.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    if (table_name === 'rate_limits' || table_name === 'sessions') continue; // touched by reads, by design
    const [row] = await queryRows<{ n: string; h: string | null }>(
      deps.db,
      sql`select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.identifier(table_name)} t`,
    );
    parts.push(`${table_name}:${row?.n}:${row?.h}`);
  }
  return parts.join('\n');
}

/** A fresh PostgreSQL database cloned from the migrated template (TEST_DATABASE_URL runs only). */
export async function clonePostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `parley_t_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  return {
    url: withDatabase(base, name),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
