/**
 * DESIGN.md rule 3 across real processes: two server nodes on one PostgreSQL. Remove Access on node
 * A; from the moment it returns, node B refuses the share's content (portal checks read the
 * database on every request, nothing is cached).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { ensurePortalUser } from '../src/modules/portal/portal.repository';
import { type Database, openDatabase } from '../src/platform/db/database';
import { clonePostgres } from './helpers';
import { api, login, type ServerProcess, startServer } from './process-helpers';

const enabled = !!process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<unknown>)[] = [];
let a: ServerProcess;
let b: ServerProcess;
let db: Database;
let url: string;

beforeAll(async () => {
  if (!enabled) return;
  const cloned = await clonePostgres();
  cleanups.push(cloned.drop);
  url = cloned.url;
  // One DATA_DIR for both: the local blob store stands in for the shared object store.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-share-nodes-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  a = await startServer({ DATABASE_URL: url, DATA_DIR: dataDir });
  cleanups.push(() => a.stop());
  b = await startServer({ DATABASE_URL: url, DATA_DIR: dataDir, ROLES: 'web' });
  cleanups.push(() => b.stop());
  db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  cleanups.push(() => db.close());
}, 120_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

it.skipIf(!enabled)(
  'a revoke on one node is refused by the other at once',
  async () => {
    const staff = await login(a.url);
    const matter = (await api<{ id: string }>(a.url, staff, 'POST', '/matters', { title: 'Two nodes' })).body;
    const email = `two.nodes.${Date.now()}@client.test`;
    const contact = (
      await api<{ id: string }>(a.url, staff, 'POST', '/contacts', { name: 'Nora Node', email })
    ).body;
    const party = (
      await api<{ id: string }>(a.url, staff, 'POST', `/matters/${matter.id}/parties`, {
        contactId: contact.id,
        role: 'Client',
      })
    ).body;
    const user = await ensurePortalUser(db.db, email, 'Nora Node');
    const config = loadConfig({ DATABASE_URL: url });
    const portal = (
      await createSession(
        db.db,
        sessionPolicy(config),
        { type: 'portal', portalUserId: user.id },
        {
          ip: null,
          userAgent: null,
        },
      )
    ).token;

    const form = new FormData();
    form.append('file', new Blob(['shared across nodes']), 'nodes.txt');
    const uploaded = await fetch(`${a.url}/api/v1/matters/${matter.id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const documentId = ((await uploaded.json()) as { items: { id: string }[] }).items[0]!.id;
    const shared = await api<{ message: { shares: { id: string }[] } }>(
      a.url,
      staff,
      'POST',
      `/matters/${matter.id}/share`,
      {
        documentIds: [documentId],
        partyIds: [party.id],
      },
    );
    expect(shared.status).toBe(201);
    const shareId = shared.body.message.shares[0]!.id;
    const content = `/portal/shares/${shareId}/documents/${documentId}/content`;

    const before = await api<ArrayBuffer>(b.url, portal, 'GET', content);
    expect(before.status).toBe(200);
    expect(Buffer.from(before.body).toString()).toBe('shared across nodes');

    const revoked = await api<{ affected: { partyId: string }[] }>(
      a.url,
      staff,
      'DELETE',
      `/shares/${shareId}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.affected).toEqual([{ partyId: party.id, name: 'Nora Node' }]);
    expect((await api(b.url, portal, 'GET', content)).status).toBe(404);
    expect((await api(b.url, portal, 'GET', `/portal/shares/${shareId}/files`)).status).toBe(404);
    expect((await api<{ items: unknown[] }>(b.url, portal, 'GET', '/portal/shares')).body.items).toEqual([]);
  },
  60_000,
);
