import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaffActor } from '../src/modules/access/actor';
import {
  ConversationHidden,
  insertMany,
  insertNextMessage,
  type NewMessage,
  postGroupCommitStats,
  prepareMessage,
  type WrittenMessage,
} from '../src/modules/messaging/next-message.repository';
import { openDatabase, type Queryable, queryRows } from '../src/platform/db/database';
import { withDatabase } from './global-setup';
import { call, createTestEnv, databaseFingerprint, type SeededStaff, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';

/** The group commit's statement (`insertMany`) on both drivers: what each message gets, alone. */
let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await seedWorld(env.deps);
});
afterAll(() => env.close());

const actor = (s: SeededStaff, name: string): StaffActor => ({
  type: 'staff',
  id: s.id,
  firmId: s.firmId,
  role: s.role,
  name,
  email: s.email,
  sessionId: '',
  totpEnabled: false,
});

async function internalConversation(staffIds: string[], matterId = w.open.id) {
  const res = await call(env.app, 'POST', `/matters/${matterId}/conversations`, {
    as: w.alice,
    body: { kind: 'internal', staffIds },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

function prepared(
  author: StaffActor,
  conversationId: string,
  body: string,
  clientMessageId: string | null = null,
) {
  const m: NewMessage = {
    id: randomUUID(),
    firmId: author.firmId,
    conversationId,
    authorType: 'staff',
    authorId: author.id,
    body,
    links: [{ url: 'https://example.test/a' }],
    sendAsSms: false,
    requireMfa: false,
    via: 'app',
    clientMessageId,
  };
  const audit = {
    firmId: author.firmId,
    actor: author,
    action: 'message.post',
    targetType: 'message',
    targetId: m.id,
    matterId: w.open.id,
    meta: { ip: '203.0.113.9', userAgent: 'batch test' },
    data: { conversationId, via: 'app' },
  };
  return prepareMessage(m, [], audit, [], { kind: 'internal', viewer: author });
}

it('writes each message with its next seq, read position and audit row; a hidden one alone is refused', async () => {
  const alice = actor(w.alice, 'Alice');
  const carol = actor(w.carol, 'Carol');
  const open = [await internalConversation([w.bob.id]), await internalConversation([w.bob.id])];
  const secret = await internalConversation([w.bob.id], w.restricted.id);
  const batch = [
    prepared(alice, open[0]!, 'first in A'),
    prepared(carol, secret, 'carol may not'), // Carol is not on the restricted matter
    prepared(alice, open[1]!, 'first in B', 'client-1'),
  ];
  const results = await insertMany(env.deps.db, batch);
  expect(results[1]).toBeInstanceOf(ConversationHidden);
  const [a, , b] = results as WrittenMessage[];
  expect(a!.seq).toBe(1);
  expect(b!.seq).toBe(1);
  expect(a!.participantId).toBeTruthy();
  const second = [prepared(alice, open[0]!, 'second in A'), prepared(alice, open[1]!, 'second in B')];
  const again = await insertMany(env.deps.db, second);
  expect((again as WrittenMessage[]).map((r) => r.seq)).toEqual([2, 2]);

  const rows = await queryRows<{
    conversation_id: string;
    seq: number;
    body: string;
    links: unknown;
    client_message_id: string | null;
  }>(
    env.deps.db,
    sql`select conversation_id, seq, body, links, client_message_id from messages
        where conversation_id in (${open[0]!}, ${open[1]!}, ${secret}) order by conversation_id, seq`,
  );
  expect(rows.map((r) => [r.conversation_id, Number(r.seq), r.body])).toEqual(
    [
      [open[0]!, 1, 'first in A'],
      [open[0]!, 2, 'second in A'],
      [open[1]!, 1, 'first in B'],
      [open[1]!, 2, 'second in B'],
    ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0)),
  );
  expect(rows.find((r) => r.body === 'first in B')!.client_message_id).toBe('client-1');
  expect(rows[0]!.links).toEqual([{ url: 'https://example.test/a' }]);

  const conv = await queryRows<{ id: string; last_seq: number }>(
    env.deps.db,
    sql`select id, last_seq from conversations where id in (${open[0]!}, ${open[1]!}, ${secret})`,
  );
  expect(Object.fromEntries(conv.map((c) => [c.id, Number(c.last_seq)]))).toEqual({
    [open[0]!]: 2,
    [open[1]!]: 2,
    [secret]: 0,
  });
  const reads = await queryRows<{ conversation_id: string; last_read_seq: number }>(
    env.deps.db,
    sql`select conversation_id, last_read_seq from participants
        where staff_id = ${alice.id} and conversation_id in (${open[0]!}, ${open[1]!})`,
  );
  expect(reads.map((r) => Number(r.last_read_seq))).toEqual([2, 2]);
  const audit = await queryRows<{
    actor_id: string;
    target_id: string;
    ip: string;
    data: { conversationId: string };
  }>(
    env.deps.db,
    sql`select actor_id, target_id, ip, data from audit_log where action = 'message.post' and user_agent = 'batch test'`,
  );
  expect(audit).toHaveLength(4);
  const written = [batch[0]!, batch[2]!, ...second].map((p) => String(p.values.id));
  expect(audit.map((r) => r.target_id).sort()).toEqual(written.sort());
  expect(audit.every((r) => r.actor_id === alice.id && r.ip === '203.0.113.9')).toBe(true);
});

it('fails whole, writing nothing, when one message cannot be written (the caller then goes one by one)', async () => {
  const alice = actor(w.alice, 'Alice');
  const [a, b] = [await internalConversation([]), await internalConversation([])];
  expect((await insertMany(env.deps.db, [prepared(alice, a, 'x', 'dup')]))[0]).toMatchObject({ seq: 1 });
  const before = await databaseFingerprint(env.deps);
  await expect(
    insertMany(env.deps.db, [prepared(alice, b, 'y'), prepared(alice, a, 'x again', 'dup')]),
  ).rejects.toThrow();
  expect(await databaseFingerprint(env.deps)).toBe(before);
});

it.skipIf(!process.env.TEST_DATABASE_URL)(
  'two nodes posting into the same conversations at once: their batches never deadlock, seq stays gapless',
  async () => {
    const [{ name }] = (await queryRows<{ name: string }>(
      env.deps.db,
      sql`select current_database() as name`,
    )) as [{ name: string }];
    const other = await openDatabase({
      kind: 'postgres',
      url: withDatabase(process.env.TEST_DATABASE_URL!, name),
      poolSize: 10,
    });
    try {
      const alice = actor(w.alice, 'Alice');
      const convs = await Promise.all(Array.from({ length: 6 }, () => internalConversation([w.bob.id])));
      const post = (db: Queryable, c: string, body: string) => {
        const p = prepared(alice, c, body);
        return insertNextMessage(
          db,
          p.values as unknown as NewMessage,
          [],
          {
            firmId: alice.firmId,
            actor: alice,
            action: 'message.post',
            targetType: 'message',
            targetId: String(p.values.id),
            matterId: w.open.id,
            meta: { ip: null, userAgent: 'two nodes' },
          },
          [],
          { kind: 'internal', viewer: alice },
        );
      };
      // Node A goes through the conversations in one order, node B in the other, 10 rounds each,
      // every round's posts at once: batches of several conversations overlap across the nodes.
      const rounds = 10;
      const node = (db: Queryable, order: string[], label: string) =>
        Promise.all(
          Array.from({ length: rounds }, async (_, r) => {
            for (const c of order) await post(db, c, `${label} ${r}`);
          }),
        );
      await Promise.all([node(env.deps.db, convs, 'A'), node(other.db, [...convs].reverse(), 'B')]);
      for (const c of convs) {
        const rows = await queryRows<{ seq: number }>(
          env.deps.db,
          sql`select seq from messages where conversation_id = ${c} order by seq`,
        );
        expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 1));
      }
      const a = postGroupCommitStats(env.deps.db)!;
      const b = postGroupCommitStats(other.db)!;
      expect(a.batches + b.batches).toBeGreaterThan(0);
      expect(a.fallbacks + b.fallbacks).toBe(0); // no batch failed (a deadlock would have)
    } finally {
      await other.close();
    }
  },
);
