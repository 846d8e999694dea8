import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, folders, participants } from '../src/platform/db/schema';
import { call, createTestEnv, type SeededStaff, seedFirm, seedStaff, type TestEnv } from './helpers';

let env: TestEnv;
let admin: SeededStaff;
let staff: SeededStaff;
beforeAll(async () => {
  env = await createTestEnv({ env: { PHONE_DEFAULT_REGION: 'GB' } });
  ({ admin } = await seedFirm(env.deps));
  staff = await seedStaff(env.deps, admin.firmId, 'staff', 'Sally Staff');
});
afterAll(() => env.close());

const post = (url: string, body: unknown, as: SeededStaff = staff) =>
  call(env.app, 'POST', url, { as, body });

describe('contacts', () => {
  it('creates, reads, searches and updates contacts, normalizing mobiles to E.164', async () => {
    const res = await post('/contacts', {
      name: '  Jane Client ',
      email: 'Jane@Example.COM',
      mobile: '+1 (415) 555-0100',
    });
    expect(res.statusCode).toBe(201);
    const jane = res.json();
    expect(jane).toMatchObject({ name: 'Jane Client', email: 'jane@example.com', mobile: '+14155550100' });
    // National format uses PHONE_DEFAULT_REGION.
    expect((await post('/contacts', { name: 'UK', mobile: '07911 123456' })).json().mobile).toBe(
      '+447911123456',
    );
    expect((await call(env.app, 'GET', `/contacts/${jane.id}`, { as: staff })).json()).toEqual(jane);
    const found = await call(env.app, 'GET', '/contacts?q=jane', { as: staff });
    expect(found.json().items.map((c: { id: string }) => c.id)).toContain(jane.id);
    const byMobile = await call(env.app, 'GET', '/contacts?q=555010', { as: staff });
    expect(byMobile.json().items.map((c: { id: string }) => c.id)).toContain(jane.id);
    const patched = await call(env.app, 'PATCH', `/contacts/${jane.id}`, {
      as: staff,
      body: { mobile: null, name: 'Jane Q. Client' },
    });
    expect(patched.json()).toMatchObject({ name: 'Jane Q. Client', mobile: null, email: 'jane@example.com' });
  });

  it('refuses an invalid mobile with 400 naming the field', async () => {
    for (const mobile of ['12', 'call me', '+1 555']) {
      const res = await post('/contacts', { name: 'Bad', mobile });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('body.mobile');
    }
  });

  it('treats LIKE wildcards in q literally', async () => {
    await post('/contacts', { name: 'Percy 100% Sure' });
    const res = await call(env.app, 'GET', `/contacts?q=${encodeURIComponent('%')}`, { as: staff });
    expect(res.json().items.every((c: { name: string }) => c.name.includes('%'))).toBe(true);
  });
});

describe('matters and parties', () => {
  it('creates a matter with its All Files root folder', async () => {
    const res = await post('/matters', { title: 'Smith v Jones', number: '2026-001' });
    expect(res.statusCode).toBe(201);
    const matter = res.json();
    expect(matter).toMatchObject({
      title: 'Smith v Jones',
      number: '2026-001',
      restricted: false,
      staffIds: [],
    });
    const [root] = await env.deps.db.select().from(folders).where(eq(folders.id, matter.rootFolderId));
    expect(root).toMatchObject({
      matterId: matter.id,
      parentId: null,
      name: 'All Files',
      path: `/${root!.id}/`,
    });
  });

  it('a restricted matter is visible to its staff and admins only, and always lists its creator', async () => {
    const other = await seedStaff(env.deps, admin.firmId, 'staff', 'Olga Other');
    const res = await post('/matters', { title: 'Sealed', restricted: true });
    const sealed = res.json();
    expect(sealed.staffIds).toEqual([staff.id]);
    expect((await call(env.app, 'GET', `/matters/${sealed.id}`, { as: other })).statusCode).toBe(404);
    expect((await call(env.app, 'GET', `/matters/${sealed.id}`, { as: admin })).statusCode).toBe(200);
    const otherList = await call(env.app, 'GET', '/matters', { as: other });
    expect(otherList.json().items.map((m: { id: string }) => m.id)).not.toContain(sealed.id);
    // Add Olga: she sees it now.
    const patched = await call(env.app, 'PATCH', `/matters/${sealed.id}`, {
      as: staff,
      body: { staffIds: [staff.id, other.id] },
    });
    expect(patched.json().staffIds).toEqual([other.id, staff.id].sort());
    expect((await call(env.app, 'GET', `/matters/${sealed.id}`, { as: other })).statusCode).toBe(200);
    // Unrestrict: everyone in the firm sees it.
    await call(env.app, 'PATCH', `/matters/${sealed.id}`, { as: staff, body: { restricted: false } });
    const third = await seedStaff(env.deps, admin.firmId, 'staff');
    expect((await call(env.app, 'GET', `/matters/${sealed.id}`, { as: third })).statusCode).toBe(200);
  });

  it('refuses unknown staff ids on a matter, writing nothing', async () => {
    const res = await post('/matters', { title: 'Ghosts', restricted: true, staffIds: ['no-such-staff'] });
    expect(res.statusCode).toBe(404);
    const list = await call(env.app, 'GET', '/matters?q=Ghosts', { as: admin });
    expect(list.json().items).toHaveLength(0);
  });

  it('adds, lists and removes parties; a removed party leaves its conversations', async () => {
    const matter = (await post('/matters', { title: 'Party time' })).json();
    const contact = (
      await post('/contacts', { name: 'Carl Client', email: 'carl@example.com', mobile: '+14155550111' })
    ).json();
    const added = await post(`/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Client' });
    expect(added.statusCode).toBe(201);
    const party = added.json();
    expect(party).toEqual({
      id: party.id,
      contactId: contact.id,
      role: 'Client',
      name: 'Carl Client',
      email: 'carl@example.com',
      mobile: '+14155550111',
    });
    expect(
      (await post(`/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Witness' })).statusCode,
    ).toBe(409);
    const list = await call(env.app, 'GET', `/matters/${matter.id}/parties`, { as: staff });
    expect(list.json().items).toEqual([party]);

    // The role changes on this matter only, audited from → to.
    const changed = await call(env.app, 'PATCH', `/matters/${matter.id}/parties/${party.id}`, {
      as: staff,
      body: { role: 'Witness' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ ...party, role: 'Witness' });
    const [audit] = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'party.update'), eq(auditLog.targetId, party.id)));
    expect(audit!.data).toMatchObject({ role: { from: 'Client', to: 'Witness' } });
    expect(
      (
        await call(env.app, 'PATCH', `/matters/${matter.id}/parties/${party.id}`, {
          as: staff,
          body: { role: '' },
        })
      ).statusCode,
    ).toBe(400);
    await call(env.app, 'PATCH', `/matters/${matter.id}/parties/${party.id}`, {
      as: staff,
      body: { role: 'Client' },
    });

    // A participation in some conversation of the matter ends with the party.
    const [conversation] = await env.deps.db
      .insert((await import('../src/platform/db/schema')).conversations)
      .values({ firmId: admin.firmId, matterId: matter.id, kind: 'external', createdBy: staff.id })
      .returning();
    await env.deps.db
      .insert(participants)
      .values({ firmId: admin.firmId, conversationId: conversation!.id, type: 'party', partyId: party.id });

    const removed = await call(env.app, 'DELETE', `/matters/${matter.id}/parties/${party.id}`, { as: staff });
    expect(removed.statusCode).toBe(204);
    expect((await call(env.app, 'GET', `/matters/${matter.id}/parties`, { as: staff })).json().items).toEqual(
      [],
    );
    const [p] = await env.deps.db.select().from(participants).where(eq(participants.partyId, party.id));
    expect(p!.removedAt).not.toBeNull();
    expect(
      (await call(env.app, 'DELETE', `/matters/${matter.id}/parties/${party.id}`, { as: staff })).statusCode,
    ).toBe(404);
    // The contact can be added back.
    expect(
      (await post(`/matters/${matter.id}/parties`, { contactId: contact.id, role: 'Client' })).statusCode,
    ).toBe(201);
  });

  it("refuses another firm's contact as a party", async () => {
    const other = await seedFirm(env.deps);
    const foreign = (await post('/contacts', { name: 'Foreign' }, other.admin)).json();
    const matter = (await post('/matters', { title: 'Mine' })).json();
    expect(
      (await post(`/matters/${matter.id}/parties`, { contactId: foreign.id, role: 'Client' })).statusCode,
    ).toBe(404);
  });

  it('lists matters newest first with a working cursor and q filter', async () => {
    const { admin: a } = await seedFirm(env.deps);
    for (let i = 0; i < 5; i++) await post('/matters', { title: `Paged ${i}`, number: `P-${i}` }, a);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(env.app, 'GET', `/matters?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        as: a,
      });
      const body = res.json() as { items: { title: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((m) => m.title));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
    const byNumber = await call(env.app, 'GET', '/matters?q=P-3', { as: a });
    expect(byNumber.json().items.map((m: { title: string }) => m.title)).toEqual(['Paged 3']);
  });
});
