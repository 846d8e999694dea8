/**
 * Issue 13 item 3: a portal conversation names its people. `GET /portal/conversations` lists who
 * else takes part (staff, then the other parties, by name), never the viewer, never someone who
 * left, and never a word of a locked message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTestEnv,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  seedStaff,
  type TestEnv,
} from './helpers';

let env: TestEnv;
let admin: SeededStaff;
let ben: SeededStaff;
let firmId: string;

beforeAll(async () => {
  env = await createTestEnv();
  const seeded = await seedFirm(env.deps, 'Lovelace & Partners');
  admin = seeded.admin;
  firmId = seeded.firm.id;
  ben = await seedStaff(env.deps, firmId, 'staff', 'Ben Staff');
});
afterAll(() => env.close());

const post = (url: string, as: { token: string }, body: unknown) => call(env.app, 'POST', url, { as, body });

describe('the people of a portal conversation', () => {
  it('names the staff and the other parties, not the viewer, not who left, and no locked content', async () => {
    const cleo = await seedPortalUser(env.deps, firmId, { name: 'Cleo Client' });
    const dan = (await post('/contacts', admin, { name: 'Dan Witness' })).json();
    const eve = (await post('/contacts', admin, { name: 'Eve Expert' })).json();
    const matter = (await post('/matters', admin, { title: 'Estate of Lovelace' })).json();
    const party = async (contactId: string, role: string) =>
      (await post(`/matters/${matter.id}/parties`, admin, { contactId, role })).json();
    const [pc, pd, pe] = [
      await party(cleo.contactId, 'Client'),
      await party(dan.id, 'Witness'),
      await party(eve.id, 'Witness'),
    ];
    const conversation = (
      await post(`/matters/${matter.id}/conversations`, admin, {
        kind: 'external',
        partyIds: [pc.id, pd.id, pe.id],
        staffIds: [ben.id],
      })
    ).json();
    await post(`/conversations/${conversation.id}/messages`, ben, { body: 'Vault 9911', requireMfa: true });

    // Eve leaves the conversation: she is no longer named.
    const full = (await call(env.app, 'GET', `/conversations/${conversation.id}`, { as: admin })).json();
    const eveRow = full.participants.find((p: { refId: string }) => p.refId === pe.id);
    const removed = await call(
      env.app,
      'DELETE',
      `/conversations/${conversation.id}/participants/${eveRow.id}`,
      {
        as: admin,
      },
    );
    expect(removed.statusCode, removed.body).toBe(204);

    const list = await call(env.app, 'GET', '/portal/conversations', { as: cleo });
    expect(list.statusCode, list.body).toBe(200);
    const [item] = list.json().items;
    expect(item.firm.name).toBe('Lovelace & Partners');
    expect(item.people).toEqual([
      { type: 'staff', name: 'Ada Admin' },
      { type: 'staff', name: 'Ben Staff' },
      { type: 'party', name: 'Dan Witness' },
    ]);
    expect(list.body).not.toContain('Vault 9911');
    expect(item.lastMessage).toMatchObject({ locked: true, preview: null, author: { name: 'Ben Staff' } });
  });
});
