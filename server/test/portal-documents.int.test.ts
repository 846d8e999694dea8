/**
 * `GET /portal/documents` (API.md "Portal additions"): every file a portal user can open across
 * matters, newest first: shared documents (a shared folder's one by one) and attachments; nothing of
 * another matter, another firm, a revoked share or a locked (requireMfa) message before step-up.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  type SeededPortalUser,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  type TestEnv,
} from './helpers';

let env: TestEnv;

interface Item {
  source: string;
  id: string;
  shareId?: string;
  attachmentId?: string;
  name: string;
  matter: { title: string };
  updatedAt: string;
}

/** A firm with an admin and one matter on which `client` (when given) is a party. */
async function firmWithMatter(title: string) {
  const { firm, admin } = await seedFirm(env.deps);
  const as = (method: string, url: string, body?: unknown) => call(env.app, method, url, { as: admin, body });
  const matter = (await as('POST', '/matters', { title })).json() as { id: string };
  const client = await seedPortalUser(env.deps, firm.id, { name: `Client of ${title}` });
  const partyId = (
    await as('POST', `/matters/${matter.id}/parties`, { contactId: client.contactId, role: 'Client' })
  ).json().id as string;
  return { firm, admin, as, matter, client, partyId, title };
}

async function upload(admin: SeededStaff, matterId: string, name: string, folderId?: string) {
  const res = await uploadFiles(
    env.app,
    admin,
    matterId,
    [{ name, content: name }],
    folderId ? { folderId } : {},
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id as string;
}

const list = async (as: SeededPortalUser, query = '') => {
  const res = await call(env.app, 'GET', `/portal/documents${query}`, { as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; nextCursor: string | null };
};

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

it('lists shared documents one by one, attachments, newest first, and nothing of anyone else', async () => {
  const a = await firmWithMatter(`Estate ${randomUUID().slice(0, 6)}`);
  const folder = (await a.as('POST', `/matters/${a.matter.id}/folders`, { name: 'Contracts' })).json().id;
  const sub = (
    await a.as('POST', `/matters/${a.matter.id}/folders`, { name: 'Drafts', parentId: folder })
  ).json().id;
  const inFolder = await upload(a.admin, a.matter.id, 'lease.txt', folder);
  const inSub = await upload(a.admin, a.matter.id, 'draft.txt', sub);
  const share = async (body: Record<string, unknown>) => {
    const res = await a.as('POST', `/matters/${a.matter.id}/share`, { partyIds: [a.partyId], ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().message as { shares: { id: string }[] };
  };
  const folderShare = (await share({ folderIds: [folder] })).shares[0]!.id;
  const loose = await upload(a.admin, a.matter.id, 'letter.txt');
  const sent = await a.as('POST', `/matters/${a.matter.id}/send`, {
    documentIds: [loose],
    partyIds: [a.partyId],
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const attachmentId = sent.json().message.attachments[0].id as string;
  // Locked: a requireMfa share and attachment.
  const secret = await upload(a.admin, a.matter.id, 'secret.txt');
  const lockedShare = (await share({ documentIds: [secret], message: { requireMfa: true } })).shares[0]!.id;
  // Revoked: gone from the list.
  const revokedDoc = await upload(a.admin, a.matter.id, 'revoked.txt');
  const revoked = (await share({ documentIds: [revokedDoc] })).shares[0]!.id;
  expect((await a.as('DELETE', `/shares/${revoked}`)).statusCode).toBeLessThan(300);
  // Another party of the same matter, and another firm's client: their files never show.
  const other = await seedPortalUser(env.deps, a.firm.id, { name: 'Oscar Other' });
  const otherParty = (
    await a.as('POST', `/matters/${a.matter.id}/parties`, { contactId: other.contactId, role: 'Witness' })
  ).json().id;
  const theirs = await upload(a.admin, a.matter.id, 'theirs.txt');
  expect(
    (await a.as('POST', `/matters/${a.matter.id}/share`, { partyIds: [otherParty], documentIds: [theirs] }))
      .statusCode,
  ).toBe(201);
  const b = await firmWithMatter('Other firm matter');
  const bDoc = await upload(b.admin, b.matter.id, 'other-firm.txt');
  expect(
    (await b.as('POST', `/matters/${b.matter.id}/share`, { partyIds: [b.partyId], documentIds: [bDoc] }))
      .statusCode,
  ).toBe(201);

  const { items, nextCursor } = await list(a.client);
  expect(nextCursor).toBeNull();
  expect(items.map((i) => [i.source, i.name])).toEqual([
    ['attachment', 'letter.txt'],
    ...[
      ['share', 'draft.txt'],
      ['share', 'lease.txt'],
    ].sort((x, y) => {
      const at = (n: string) => items.find((i) => i.name === n)!.updatedAt;
      return at(y[1]!).localeCompare(at(x[1]!));
    }),
  ]);
  expect(items.find((i) => i.name === 'draft.txt')).toMatchObject({ id: inSub, shareId: folderShare });
  expect(items.find((i) => i.name === 'lease.txt')).toMatchObject({ id: inFolder, shareId: folderShare });
  expect(items[0]).toMatchObject({ id: loose, attachmentId, matter: { title: a.title } });
  const dates = items.map((i) => i.updatedAt);
  expect([...dates].sort().reverse()).toEqual(dates);
  for (const name of ['secret.txt', 'revoked.txt', 'theirs.txt', 'other-firm.txt'])
    expect(items.map((i) => i.name)).not.toContain(name);
  expect((await list(other)).items.map((i) => i.name)).toEqual(['theirs.txt']);
  expect((await list(b.client)).items.map((i) => i.name)).toEqual(['other-firm.txt']);

  // After step-up the locked message's file is there; a staff token is no portal session.
  await env.deps.db.execute(
    sql`update sessions set mfa_verified_until = now() + interval '10 minutes' where id = ${a.client.sessionId}`,
  );
  expect((await list(a.client)).items.find((i) => i.name === 'secret.txt')).toMatchObject({
    shareId: lockedShare,
  });
  expect((await call(env.app, 'GET', '/portal/documents', { as: a.admin })).statusCode).toBe(401);

  // Paged with limit/cursor: the same items in the same order, none twice.
  const all = (await list(a.client)).items.map((i) => `${i.shareId ?? i.attachmentId}:${i.id}`);
  const paged: (string | undefined)[] = [];
  let cursor: string | null = null;
  do {
    const res: { items: Item[]; nextCursor: string | null } = await list(
      a.client,
      `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.items.length).toBeLessThanOrEqual(2);
    paged.push(...res.items.map((i) => `${i.shareId ?? i.attachmentId}:${i.id}`));
    cursor = res.nextCursor;
  } while (cursor);
  expect(paged).toEqual(all);
  expect((await call(env.app, 'GET', '/portal/documents?cursor=nonsense', { as: a.client })).statusCode).toBe(
    400,
  );
});
