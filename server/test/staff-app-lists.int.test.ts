/**
 * What the staff app's lists need beyond the seed: the unread filter and unread totals (navigation
 * and tab title), a folder's trail (breadcrumbs after a reload), the "Sent" marker, and the limits
 * and outbox flags in `GET /me`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatter, uploadFiles } from './files-helpers';
import { call, createTestEnv, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';

let env: TestEnv;
let admin: SeededStaff;
let colleague: SeededStaff;
let outsider: SeededStaff;

beforeAll(async () => {
  env = await createTestEnv();
  const seeded = await seedFirm(env.deps);
  admin = seeded.admin;
  colleague = await seedStaff(env.deps, seeded.firm.id, 'staff', 'Colin Colleague');
  outsider = await seedStaff(env.deps, seeded.firm.id, 'staff', 'Olga Outsider');
});
afterAll(() => env.close());

async function internalConversation(matterId: string, staffIds: string[]) {
  const res = await call(env.app, 'POST', `/matters/${matterId}/conversations`, {
    as: admin,
    body: { kind: 'internal', staffIds },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const post = (conversationId: string, body: string, as = admin) =>
  call(env.app, 'POST', `/conversations/${conversationId}/messages`, { as, body: { body } });
const unread = async (as: SeededStaff) => (await call(env.app, 'GET', '/me/unread', { as })).json();
const listIds = async (as: SeededStaff, query: string) =>
  (await call(env.app, 'GET', `/conversations?${query}`, { as }))
    .json()
    .items.map((c: { id: string }) => c.id);

describe('unread', () => {
  it('counts unread conversations and messages, filters the list by them, and follows read marks', async () => {
    const matter = await createMatter(env.app, admin);
    const a = await internalConversation(matter.id, [colleague.id]);
    const b = await internalConversation(matter.id, [colleague.id]);
    expect(await unread(colleague)).toEqual({ conversations: 0, messages: 0 });
    await post(a, 'one');
    await post(a, 'two');
    await post(b, 'three');
    expect(await unread(colleague)).toEqual({ conversations: 2, messages: 3 });
    expect(await unread(admin)).toEqual({ conversations: 0, messages: 0 }); // their own messages
    expect(await listIds(colleague, 'unread=true')).toEqual([b, a]);
    expect(await listIds(colleague, `unread=true&matterId=${matter.id}&kind=internal`)).toEqual([b, a]);
    expect(await listIds(admin, 'unread=true')).toEqual([]);

    const read = await call(env.app, 'POST', `/conversations/${a}/read`, { as: colleague, body: { seq: 1 } });
    expect(read.statusCode).toBe(204);
    expect(await unread(colleague)).toEqual({ conversations: 2, messages: 2 });
    await call(env.app, 'POST', `/conversations/${a}/read`, { as: colleague, body: { seq: 2 } });
    expect(await unread(colleague)).toEqual({ conversations: 1, messages: 1 });
    expect(await listIds(colleague, 'unread=true')).toEqual([b]);
    expect((await listIds(colleague, 'unread=false')).slice(0, 2)).toEqual([b, a]);
  });

  it('a restricted matter the caller is taken off no longer counts', async () => {
    const matter = await createMatter(env.app, admin, { restricted: true, staffIds: [outsider.id] });
    const c = await internalConversation(matter.id, [outsider.id]);
    await post(c, 'secret plans');
    expect(await unread(outsider)).toEqual({ conversations: 1, messages: 1 });
    const off = await call(env.app, 'PATCH', `/matters/${matter.id}`, { as: admin, body: { staffIds: [] } });
    expect(off.statusCode, off.body).toBe(200);
    expect(await unread(outsider)).toEqual({ conversations: 0, messages: 0 });
    expect(await listIds(outsider, 'unread=true')).toEqual([]);
  });

  it('refuses a malformed unread filter', async () => {
    const res = await call(env.app, 'GET', '/conversations?unread=yes', { as: admin });
    expect(res.statusCode).toBe(400);
    expect((await call(env.app, 'GET', '/me/unread')).statusCode).toBe(401);
  });
});

describe('All Files listing', () => {
  it('names the trail from the root to the folder, and marks documents sent as attachments', async () => {
    const matter = await createMatter(env.app, admin);
    const folder = async (name: string, parentId: string) =>
      (
        await call(env.app, 'POST', `/matters/${matter.id}/folders`, { as: admin, body: { name, parentId } })
      ).json();
    const pleadings = await folder('Pleadings', matter.rootFolderId);
    const drafts = await folder('Drafts', pleadings.id);
    const root = (await call(env.app, 'GET', `/matters/${matter.id}/files`, { as: admin })).json();
    expect(root.trail).toEqual([{ id: matter.rootFolderId, name: 'All Files' }]);
    const deep = (
      await call(env.app, 'GET', `/matters/${matter.id}/files?folderId=${drafts.id}`, { as: admin })
    ).json();
    expect(deep.trail).toEqual([
      { id: matter.rootFolderId, name: 'All Files' },
      { id: pleadings.id, name: 'Pleadings' },
      { id: drafts.id, name: 'Drafts' },
    ]);

    const up = await uploadFiles(env.app, admin, matter.id, [
      { name: 'sent.pdf', content: 'a' },
      { name: 'kept.pdf', content: 'b' },
    ]);
    const [sent, kept] = up.json().items;
    expect(sent.sent).toBe(false);
    const c = await internalConversation(matter.id, []);
    const posted = await call(env.app, 'POST', `/conversations/${c}/messages`, {
      as: admin,
      body: { attachments: [{ documentId: sent.id }] },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const listing = (await call(env.app, 'GET', `/matters/${matter.id}/files`, { as: admin })).json();
    const byName = new Map(listing.documents.map((d: { name: string }) => [d.name, d]));
    expect(byName.get('sent.pdf')).toMatchObject({ id: sent.id, sent: true, shared: false });
    expect(byName.get('kept.pdf')).toMatchObject({ id: kept.id, sent: false });
  });
});

describe('GET /me', () => {
  it('tells everyone the limits, and admins that mail and SMS go to the outbox', async () => {
    const mine = (await call(env.app, 'GET', '/me', { as: admin })).json();
    expect(mine.limits).toEqual({
      fileBytes: env.deps.config.LIMIT_FILE_BYTES,
      filesPerFolder: env.deps.config.LIMIT_FILES_PER_FOLDER,
      filesPerSend: env.deps.config.LIMIT_FILES_PER_SEND,
    });
    expect(mine.outbox).toEqual({
      email: env.deps.mail.kind === 'outbox',
      sms: env.deps.sms.kind === 'outbox',
    });
    const theirs = (await call(env.app, 'GET', '/me', { as: colleague })).json();
    expect(theirs.limits).toEqual(mine.limits);
    expect(theirs.outbox).toBeUndefined();
  });
});
