import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGroupCommitStats } from '../src/modules/messaging/next-message.repository';
import { queryRows } from '../src/platform/db/database';
import { call, createTestEnv, databaseFingerprint, type TestEnv } from './helpers';
import { auditCount, seedDocument, seedWorld, type World } from './messaging-fixture';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv({ env: { LIMIT_FILES_PER_SEND: '3' } });
  w = await seedWorld(env.deps);
});
afterAll(() => env.close());

const post = (url: string, as: { token: string }, body: unknown) => call(env.app, 'POST', url, { as, body });
const get = (url: string, as: { token: string }) => call(env.app, 'GET', url, { as });

async function conversation(as: { token: string }, matterId: string, body: Record<string, unknown>) {
  const res = await post(`/matters/${matterId}/conversations`, as, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; participants: { id: string; type: string; refId: string }[] };
}

describe('conversations', () => {
  it('creates external and internal conversations with the creator as participant', async () => {
    const ext = await conversation(w.alice, w.open.id, {
      kind: 'external',
      partyIds: [w.party.id],
      title: 'Case',
    });
    expect(ext.participants.map((p) => p.refId).sort()).toEqual([w.alice.id, w.party.id].sort());
    const int = await conversation(w.alice, w.open.id, { kind: 'internal', staffIds: [w.bob.id] });
    expect(int.participants).toHaveLength(2);
  });

  it.each([
    ['external without parties', { kind: 'external' }, 422, 'wrong_conversation_kind'],
    ['internal with parties', { kind: 'internal', partyIds: ['PARTY'] }, 422, 'wrong_conversation_kind'],
    ['unknown kind', { kind: 'secret' }, 400, 'invalid_request'],
    ['unknown field', { kind: 'internal', color: 'red' }, 400, 'invalid_request'],
    ['a party of another matter', { kind: 'external', partyIds: ['RPARTY'] }, 404, 'not_found'],
    ['staff who cannot see the matter', { kind: 'internal', staffIds: ['OUTSIDER'] }, 404, 'not_found'],
  ])('refuses %s', async (_name, body, status, code) => {
    const before = await databaseFingerprint(env.deps);
    const fixed = JSON.parse(
      JSON.stringify(body)
        .replace('"PARTY"', JSON.stringify(w.party.id))
        .replace('RPARTY', w.restrictedParty.id)
        .replace('OUTSIDER', w.outsider.id),
    );
    const res = await post(`/matters/${w.open.id}/conversations`, w.alice, fixed);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('a direct message keeps its people: adding anyone is 422 wrong_conversation_kind, nothing changes', async () => {
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    const before = await databaseFingerprint(env.deps);
    for (const [as, staffIds] of [
      [w.alice, [w.carol.id]],
      [w.bob, [w.carol.id, w.admin.id]],
      [w.alice, [w.bob.id]],
    ] as const) {
      const res = await post(`/conversations/${dm.id}/participants`, as, { staffIds });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('wrong_conversation_kind');
      expect(res.json().error.message).toMatch(/new direct message or a channel/);
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
    const view = (await get(`/conversations/${dm.id}`, w.alice)).json();
    expect(view.participants.map((p: { refId: string }) => p.refId).sort()).toEqual(
      [w.alice.id, w.bob.id].sort(),
    );
    // Someone outside it still gets 404, not a hint that it exists.
    expect(
      (await post(`/conversations/${dm.id}/participants`, w.carol, { staffIds: [w.carol.id] })).statusCode,
    ).toBe(404);
  });

  it('authorization matrix: route × actor → status', async () => {
    const secret = await conversation(w.alice, w.restricted.id, { kind: 'internal', staffIds: [w.bob.id] });
    const dmRes = await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] });
    expect(dmRes.statusCode).toBe(201);
    const dm = dmRes.json();
    const channel = (await post('/conversations', w.alice, { kind: 'channel', title: 'general' })).json();
    const cases: [string, string, string, keyof World, number][] = [
      ['GET', `/conversations/${secret.id}`, '', 'alice', 200],
      ['GET', `/conversations/${secret.id}`, '', 'admin', 200],
      ['GET', `/conversations/${secret.id}`, '', 'carol', 404],
      ['GET', `/conversations/${secret.id}`, '', 'outsider', 404],
      ['GET', `/conversations/${secret.id}/messages`, '', 'carol', 404],
      ['POST', `/conversations/${secret.id}/messages`, 'msg', 'carol', 404],
      ['POST', `/conversations/${secret.id}/read`, 'read', 'carol', 404],
      ['POST', `/conversations/${secret.id}/participants`, 'join', 'carol', 404],
      ['POST', `/matters/${w.restricted.id}/conversations`, 'internal', 'carol', 404],
      ['POST', `/matters/${w.restricted.id}/messages`, 'msg', 'carol', 404],
      ['GET', `/conversations/${dm.id}`, '', 'bob', 200],
      ['GET', `/conversations/${dm.id}`, '', 'admin', 404],
      ['GET', `/conversations/${dm.id}/messages`, '', 'carol', 404],
      ['POST', `/conversations/${dm.id}/messages`, 'msg', 'admin', 404],
      ['GET', `/conversations/${channel.id}`, '', 'carol', 200],
      ['POST', `/conversations/${channel.id}/participants`, 'join', 'carol', 200],
      ['GET', `/conversations/${channel.id}`, '', 'outsider', 404],
      ['GET', '/conversations/nope', '', 'alice', 404],
    ];
    for (const [method, url, kind, who, status] of cases) {
      const actor = w[who] as { id: string; token: string };
      const body =
        kind === 'msg'
          ? { body: 'hi', ...(url.includes('/matters/') ? { staffIds: [] } : {}) }
          : kind === 'read'
            ? { seq: 1 }
            : kind === 'join'
              ? { staffIds: [actor.id] }
              : kind === 'internal'
                ? { kind: 'internal' }
                : undefined;
      const res = await call(env.app, method, url, { as: actor, body });
      expect(`${method} ${url} as ${who}: ${res.statusCode}`).toBe(`${method} ${url} as ${who}: ${status}`);
    }
    expect((await get('/conversations', w.alice)).statusCode).toBe(200);
    expect((await call(env.app, 'GET', '/conversations')).statusCode).toBe(401);
  });
});

describe('messages', () => {
  it('numbers messages 1, 2, 3 and answers a retry with the first message', async () => {
    const c = await conversation(w.alice, w.open.id, { kind: 'external', partyIds: [w.party.id] });
    const audits = await auditCount(env.deps, w.firmId);
    const first = await post(`/conversations/${c.id}/messages`, w.alice, {
      body: 'one',
      clientMessageId: 'k1',
    });
    expect(first.statusCode).toBe(201);
    // message.post, and portal.invite: the party's first message invites them (DESIGN.md rule 7).
    expect(await auditCount(env.deps, w.firmId)).toBe(audits + 2);
    const again = await post(`/conversations/${c.id}/messages`, w.alice, {
      body: 'one',
      clientMessageId: 'k1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const second = await post(`/conversations/${c.id}/messages`, w.alice, {
      body: 'two',
      links: [{ url: 'https://example.com', label: 'site' }, { url: 'mailto:a@b.test' }],
      sendAsSms: true,
      requireMfa: true,
    });
    expect(second.json()).toMatchObject({ seq: 2, sendAsSms: true, requireMfa: true, via: 'app' });
    const m = first.json();
    expect(m).toMatchObject({
      seq: 1,
      body: 'one',
      author: { type: 'staff', id: w.alice.id, name: 'Alice' },
    });
    expect(m.readBy.map((r: { name: string }) => r.name)).toEqual(['Alice']);
    expect(m.deliveries).toEqual([]);
    // A colleague who can see the matter may post; posting makes them a participant.
    const carol = await post(`/conversations/${c.id}/messages`, w.carol, { body: 'chiming in' });
    expect(carol.json()).toMatchObject({ seq: 3, readBy: [{ name: 'Carol' }] });
    const after = (await get(`/conversations/${c.id}`, w.carol)).json();
    expect(after.participants.map((p: { refId: string }) => p.refId)).toContain(w.carol.id);
    expect(after.unreadCount).toBe(0);
  });

  it('keeps seq gapless and retries single under 20 concurrent posts', async () => {
    const c = await conversation(w.alice, w.open.id, { kind: 'internal', staffIds: [w.bob.id] });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(`/conversations/${c.id}/messages`, i % 2 ? w.alice : w.bob, { body: `m${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const retries = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(`/conversations/${c.id}/messages`, w.bob, { body: 'x', clientMessageId: 'same' }),
      ),
    );
    expect(new Set(retries.map((r) => r.json().id)).size).toBe(1);
    expect(retries.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const list = (await get(`/conversations/${c.id}/messages?after=0&limit=200`, w.alice)).json();
    expect(list.items.map((m: { seq: number }) => m.seq)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    const page = (await get(`/conversations/${c.id}/messages?after=19`, w.alice)).json();
    expect(page.items.map((m: { seq: number }) => m.seq)).toEqual([20, 21]);
    const back = (await get(`/conversations/${c.id}/messages?before=4&limit=2`, w.alice)).json();
    expect(back.items.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
  });

  it('posts made at the same moment share statements, each with its own seq, read position, audit row and access check', async () => {
    const convs = await Promise.all(
      Array.from({ length: 8 }, () =>
        conversation(w.alice, w.open.id, { kind: 'internal', staffIds: [w.bob.id] }),
      ),
    );
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    // Known to the server now: Carol's plain posts below skip the read and reach the shared statement.
    expect((await post(`/conversations/${dm.id}/messages`, w.alice, { body: 'dm' })).statusCode).toBe(201);
    const before = await auditCount(env.deps, w.firmId);
    const batchesBefore = postGroupCommitStats(env.deps.db)?.batches ?? 0;
    const plain = convs.flatMap((c, i) =>
      Array.from({ length: 5 }, (_, n) => ({
        c: c.id,
        as: (n + i) % 2 ? w.alice : w.bob,
        body: `b${i}.${n}`,
      })),
    );
    const [results, hidden, retries] = await Promise.all([
      Promise.all(plain.map((p) => post(`/conversations/${p.c}/messages`, p.as, { body: p.body }))),
      Promise.all([1, 2].map(() => post(`/conversations/${dm.id}/messages`, w.carol, { body: 'let me in' }))),
      Promise.all(
        [1, 2].map(() =>
          post(`/conversations/${convs[0]!.id}/messages`, w.bob, {
            body: 'once',
            clientMessageId: 'batch-dup',
          }),
        ),
      ),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(plain.map(() => 201));
    expect(hidden.map((r) => r.statusCode)).toEqual([404, 404]);
    expect(retries.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(retries[0]!.json().id).toBe(retries[1]!.json().id);
    // PGlite answers each statement before the next post arrives: nothing to group there (the batched
    // statement itself is tested on both drivers in next-message-batch.int.test.ts).
    if (env.deps.database.kind === 'postgres')
      expect(postGroupCommitStats(env.deps.db)!.batches).toBeGreaterThan(batchesBefore);
    // One audit row per message written, none for the refused posts.
    expect(await auditCount(env.deps, w.firmId)).toBe(before + plain.length + 1);
    for (const [i, c] of convs.entries()) {
      const list = (await get(`/conversations/${c.id}/messages?after=0&limit=200`, w.alice)).json();
      const seqs = list.items.map((m: { seq: number }) => m.seq);
      expect(seqs).toEqual(Array.from({ length: i === 0 ? 6 : 5 }, (_, n) => n + 1));
      // Each author has read up to their own latest message there.
      const reads = await queryRows<{ staff_id: string; last_read_seq: number }>(
        env.deps.db,
        sql`select staff_id, last_read_seq from participants where conversation_id = ${c.id}`,
      );
      for (const staff of [w.alice, w.bob]) {
        const own = list.items.filter((m: { author: { id: string } }) => m.author.id === staff.id);
        const read = reads.find((r) => r.staff_id === staff.id);
        expect(Number(read?.last_read_seq), `${staff.id} in ${i}`).toBe(
          Math.max(...own.map((m: { seq: number }) => m.seq)),
        );
      }
    }
  });

  it.each([
    ['nothing to send', {}, 400, 'invalid_request'],
    ['blank body', { body: '   ' }, 400, 'invalid_request'],
    ['a body over 10,000 chars', { body: 'x'.repeat(10_001) }, 400, 'invalid_request'],
    ['a javascript: link', { links: [{ url: 'javascript:alert(1)' }] }, 400, 'invalid_request'],
    ['a data: link', { links: [{ url: 'data:text/html,hi' }] }, 400, 'invalid_request'],
    ['a relative link', { links: [{ url: '/x' }] }, 400, 'invalid_request'],
    ['shares in an internal conversation', { shares: [{ documentId: 'd' }] }, 422, 'wrong_conversation_kind'],
    ['sendAsSms on internal', { body: 'x', sendAsSms: true }, 422, 'wrong_conversation_kind'],
    ['requireMfa on internal', { body: 'x', requireMfa: true }, 422, 'wrong_conversation_kind'],
    [
      'too many files',
      { attachments: [1, 2, 3, 4].map((i) => ({ documentId: `d${i}` })) },
      422,
      'too_many_files',
    ],
    ['an unknown document', { attachments: [{ documentId: 'nope' }] }, 404, 'not_found'],
    ['a string as seq body', 'not json', 400, 'invalid_request'],
  ])('refuses %s and changes nothing', async (_name, body, status, code) => {
    const c = await conversation(w.alice, w.open.id, { kind: 'internal' });
    const before = await databaseFingerprint(env.deps);
    const res = await call(env.app, 'POST', `/conversations/${c.id}/messages`, {
      as: w.alice,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('attaches fixed copies: the pinned version, whatever happens later', async () => {
    const doc = await seedDocument(env.deps, w.firmId, w.open.id, 'contract.pdf', 2);
    const otherMatterDoc = await seedDocument(env.deps, w.firmId, w.restricted.id, 'secret.pdf');
    const c = await conversation(w.alice, w.open.id, { kind: 'external', partyIds: [w.party.id] });
    const res = await post(`/conversations/${c.id}/messages`, w.alice, {
      attachments: [{ documentId: doc.id }, { documentId: doc.id, versionId: doc.versionIds[0] }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachments).toMatchObject([
      { documentId: doc.id, versionId: doc.versionIds[1], name: 'contract.pdf', size: 200 },
      { documentId: doc.id, versionId: doc.versionIds[0], size: 100 },
    ]);
    const foreign = await post(`/conversations/${c.id}/messages`, w.alice, {
      attachments: [{ documentId: otherMatterDoc.id }],
    });
    expect(foreign.statusCode).toBe(404);
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    const noMatter = await post(`/conversations/${dm.id}/messages`, w.alice, {
      attachments: [{ documentId: doc.id }],
    });
    expect(noMatter.statusCode).toBe(422);
  });

  it('reuses the matter conversation with exactly that participant set', async () => {
    const first = await post(`/matters/${w.open.id}/messages`, w.bob, {
      partyIds: [w.party.id],
      body: 'hello',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().conversation.kind).toBe('external');
    const again = await post(`/matters/${w.open.id}/messages`, w.bob, {
      partyIds: [w.party.id],
      body: 'again',
      title: 'Ignored: the conversation exists',
    });
    expect(again.json().conversation.id).toBe(first.json().conversation.id);
    expect(again.json().conversation.title).toBeNull();
    expect(again.json().message.seq).toBe(2);
    const wider = await post(`/matters/${w.open.id}/messages`, w.bob, {
      partyIds: [w.party.id],
      staffIds: [w.carol.id],
      body: 'with Carol',
    });
    expect(wider.json().conversation.id).not.toBe(first.json().conversation.id);
    const internal = await post(`/matters/${w.open.id}/messages`, w.bob, {
      staffIds: [w.carol.id],
      body: 'psst',
      title: 'Strategy',
    });
    expect(internal.json().conversation.kind).toBe('internal');
    expect(internal.json().conversation.title).toBe('Strategy');
    const sms = await post(`/matters/${w.open.id}/messages`, w.bob, {
      staffIds: [w.carol.id],
      body: 'x',
      sendAsSms: true,
    });
    expect(sms.statusCode).toBe(422);
  });
});

describe('home view, read state, participants', () => {
  it('lists visible conversations by recent activity with unread counts and a cursor', async () => {
    const { seedStaff } = await import('./helpers');
    const dana = await seedStaff(env.deps, w.firmId, 'staff', 'Dana');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await conversation(w.bob, w.open.id, {
        kind: 'internal',
        staffIds: [dana.id],
        title: `t${i}`,
      });
      ids.push(c.id);
    }
    const hidden = await conversation(w.alice, w.restricted.id, { kind: 'internal', staffIds: [w.bob.id] });
    await post(`/conversations/${ids[0]}/messages`, w.bob, { body: 'newest activity' });
    await post(`/conversations/${ids[0]}/messages`, w.bob, { body: 'second' });
    const home = (await get('/conversations?limit=2', dana)).json();
    expect(home.items.map((c: { id: string }) => c.id)).toEqual([ids[0], ids[2]]);
    expect(home.items[0]).toMatchObject({
      unreadCount: 2,
      lastMessage: { seq: 2, preview: 'second', author: { name: 'Bob' } },
    });
    expect(home.nextCursor).toBeTruthy();
    const next = (await get(`/conversations?limit=2&cursor=${home.nextCursor}`, dana)).json();
    expect(next.items.map((c: { id: string }) => c.id)).toContain(ids[1]);
    const all = (await get('/conversations?limit=200', dana)).json();
    expect(all.items.map((c: { id: string }) => c.id)).not.toContain(hidden.id);
    expect((await get('/conversations?cursor=garbage', dana)).statusCode).toBe(400);
    expect(
      (await get(`/conversations?matterId=${w.open.id}&kind=internal&limit=200`, dana)).json().items.length,
    ).toBeGreaterThan(3);

    const read = await post(`/conversations/${ids[0]}/read`, dana, { seq: 1 });
    expect(read.statusCode).toBe(204);
    await post(`/conversations/${ids[0]}/read`, dana, { seq: 0 }); // never moves back
    expect((await get(`/conversations/${ids[0]}`, dana)).json().unreadCount).toBe(1);
    await post(`/conversations/${ids[0]}/read`, dana, { seq: 99 }); // clamped to the last message
    expect((await get(`/conversations/${ids[0]}`, dana)).json().unreadCount).toBe(0);
    const messages = (await get(`/conversations/${ids[0]}/messages`, w.bob)).json().items;
    expect(messages[1].readBy.map((r: { name: string }) => r.name).sort()).toEqual(['Bob', 'Dana']);
    expect((await post(`/conversations/${ids[0]}/read`, dana, { seq: 'x' })).statusCode).toBe(400);
  });

  it('adds and removes participants; a removed DM member loses access', async () => {
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    const bobPart = dm.participants.find((p: { refId: string }) => p.refId === w.bob.id);
    const del = await call(env.app, 'DELETE', `/conversations/${dm.id}/participants/${bobPart.id}`, {
      as: w.alice,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(`/conversations/${dm.id}`, w.bob)).statusCode).toBe(404);
    expect(
      (await call(env.app, 'DELETE', `/conversations/${dm.id}/participants/${bobPart.id}`, { as: w.alice }))
        .statusCode,
    ).toBe(404);
    const ext = await conversation(w.alice, w.open.id, { kind: 'internal' });
    const wrong = await post(`/conversations/${ext.id}/participants`, w.alice, { partyIds: [w.party.id] });
    expect(wrong.statusCode).toBe(422);
    const added = await post(`/conversations/${ext.id}/participants`, w.alice, {
      staffIds: [w.carol.id, w.carol.id],
    });
    expect(added.json().participants).toHaveLength(2);
    expect((await post(`/conversations/${ext.id}/participants`, w.alice, {})).statusCode).toBe(400);
  });

  it('a plain post into a conversation the server already knows still checks access on the write', async () => {
    // Alice's posts make the server remember these conversations; the checks must not rely on it.
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    const secret = await conversation(w.alice, w.restricted.id, { kind: 'internal', staffIds: [w.bob.id] });
    for (const id of [dm.id, secret.id]) {
      expect((await post(`/conversations/${id}/messages`, w.alice, { body: 'known now' })).statusCode).toBe(
        201,
      );
    }
    const before = await databaseFingerprint(env.deps);
    for (const [as, id] of [
      [w.carol, dm.id], // not in the DM
      [w.carol, secret.id], // not on the restricted matter
      [w.outsider, secret.id], // another firm
    ] as const) {
      const res = await post(`/conversations/${id}/messages`, as, { body: 'let me in' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
    // Bob leaves the DM: his next plain post is refused, and nothing is written.
    const bobPart = dm.participants.find((p: { refId: string }) => p.refId === w.bob.id);
    expect((await post(`/conversations/${dm.id}/messages`, w.bob, { body: 'still here' })).statusCode).toBe(
      201,
    );
    await call(env.app, 'DELETE', `/conversations/${dm.id}/participants/${bobPart.id}`, { as: w.alice });
    const after = await databaseFingerprint(env.deps);
    expect((await post(`/conversations/${dm.id}/messages`, w.bob, { body: 'gone' })).statusCode).toBe(404);
    expect(await databaseFingerprint(env.deps)).toBe(after);
  });
});

describe('search', () => {
  it('finds ranked hits only where the caller may look, with HTML-free snippets', async () => {
    const open = await conversation(w.alice, w.open.id, { kind: 'internal', staffIds: [w.carol.id] });
    const secret = await conversation(w.alice, w.restricted.id, { kind: 'internal' });
    const dm = (await post('/conversations', w.alice, { kind: 'direct', staffIds: [w.bob.id] })).json();
    const body = `<script>alert(1)</script> The zebrafish deposition ${SNIPPET_MARK_START}fake${SNIPPET_MARK_END}`;
    await post(`/conversations/${open.id}/messages`, w.alice, { body });
    await post(`/conversations/${secret.id}/messages`, w.alice, {
      body: 'zebrafish in the restricted matter',
    });
    await post(`/conversations/${dm.id}/messages`, w.alice, { body: 'zebrafish gossip' });
    const carol = (await get('/search?q=zebrafish', w.carol)).json();
    expect(carol.items).toHaveLength(1);
    expect(carol.items[0]).toMatchObject({ conversationId: open.id, seq: 1, matter: { id: w.open.id } });
    const snippet: string = carol.items[0].snippet;
    expect(snippet).toContain(`${SNIPPET_MARK_START}zebrafish${SNIPPET_MARK_END}`);
    expect(snippet).not.toContain('<b>');
    expect(snippet.split(SNIPPET_MARK_START)).toHaveLength(2); // the typed marker was dropped
    expect((await get('/search?q=zebrafish', w.alice)).json().items).toHaveLength(3);
    expect((await get('/search?q=zebrafish', w.admin)).json().items).toHaveLength(2); // not the DM
    expect((await get(`/search?q=zebrafish&matterId=${w.restricted.id}`, w.carol)).statusCode).toBe(404);
    expect(
      (await get('/search?q=%22zebrafish%20deposition%22%20-gossip', w.alice)).json().items,
    ).toHaveLength(1);
    expect((await get('/search?q=', w.alice)).statusCode).toBe(400);
    expect((await get('/search?q=((((', w.alice)).statusCode).toBe(200);
  });
});

describe('audit', () => {
  it('keeps the hash chain valid after all the writes above', async () => {
    const { verifyAuditChain } = await import('../src/modules/audit/verify-chain');
    const reports = await verifyAuditChain(env.deps.db, w.firmId);
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(await auditCount(env.deps, w.firmId)).toBeGreaterThan(50);
  });
});

describe('openapi', () => {
  it('describes every messaging route', async () => {
    const res = await call(env.app, 'GET', '/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      '/conversations',
      '/conversations/{id}/messages',
      '/matters/{id}/messages',
      '/search',
    ]) {
      expect(paths.some((p) => p.endsWith(path))).toBe(true);
    }
  });
});
