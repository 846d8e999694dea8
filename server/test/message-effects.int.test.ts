/** The extension point of posting: effects check before, act inside the transaction, and after commit. */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEffect } from '../src/modules/messaging/message-effects';
import { postPartyMessage } from '../src/modules/messaging/post-party-message';
import { conversations, messages } from '../src/platform/db/schema';
import { AppError } from '../src/platform/errors';
import { call, createTestEnv, databaseFingerprint, type TestEnv } from './helpers';
import { seedWorld, type World } from './messaging-fixture';
import { expectErrorLogs } from './support/error-logs';

const effects: MessageEffect[] = [];

let env: TestEnv;
let w: World;
let conversationId: string;
const meta = { ip: '203.0.113.9', userAgent: 'test' };

beforeAll(async () => {
  env = await createTestEnv();
  env.deps.messageEffects = effects;
  w = await seedWorld(env.deps);
  const res = await call(env.app, 'POST', `/matters/${w.open.id}/messages`, {
    as: w.alice,
    body: { partyIds: [w.party.id], body: 'Hello client' },
  });
  conversationId = res.json().conversation.id;
});
afterAll(() => env.close());

const lastSeq = async () =>
  (await env.deps.db.select().from(conversations).where(eq(conversations.id, conversationId)))[0]!.lastSeq;

describe('message effects', () => {
  it('a check that throws refuses the post and writes nothing', async () => {
    effects.splice(0, effects.length, {
      name: 'refuse',
      appliesTo: () => true,
      check: async () => {
        throw new AppError('recipient_has_no_mobile', 'Carla has no mobile.');
      },
    });
    const before = await databaseFingerprint(env.deps);
    const res = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: w.alice,
      body: { body: 'x' },
    });
    expect(res.statusCode).toBe(422);
    expect(await databaseFingerprint(env.deps)).toBe(before);
    // Someone who may not see the conversation gets the 404, never the effect's refusal.
    const hidden = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: w.outsider,
      body: { body: 'x' },
    });
    expect(hidden.statusCode).toBe(404);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('apply runs in the post transaction: if it fails, the message and its seq are rolled back', async () => {
    const seqBefore = await lastSeq();
    effects.splice(0, effects.length, {
      name: 'explode',
      appliesTo: () => true,
      apply: async (tx) => {
        await tx.execute(sql`select 1`);
        throw new Error('boom');
      },
    });
    const logged = expectErrorLogs(/^boom$/);
    const res = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: w.alice,
      body: { body: 'lost' },
    });
    expect(res.statusCode).toBe(500);
    expect(logged().map((e) => e.msg)).toEqual(['unhandled error']);
    expect(await lastSeq()).toBe(seqBefore);
    const lost = await env.deps.db.select().from(messages).where(eq(messages.body, 'lost'));
    expect(lost).toHaveLength(0);
  });

  it('apply sees the message inside the transaction; afterCommit failures do not fail the post', async () => {
    const seen: number[] = [];
    const committed: string[] = [];
    effects.splice(0, effects.length, {
      name: 'observe',
      appliesTo: () => true,
      apply: async (tx, _deps, posted) => {
        const [row] = await tx.select().from(messages).where(eq(messages.id, posted.id));
        seen.push(row!.seq);
      },
      afterCommit: async (_deps, posted) => {
        committed.push(posted.id);
        throw new Error('after-commit trouble');
      },
    });
    const logged = expectErrorLogs(/^after-commit trouble$/);
    const res = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: w.alice,
      body: { body: 'seen' },
    });
    expect(res.statusCode).toBe(201);
    expect(seen).toEqual([res.json().seq]);
    expect(committed).toEqual([res.json().id]);
    expect(logged()).toHaveLength(1);
    effects.splice(0, effects.length);
  });

  it('an effect that does not apply takes no part: no check, no apply, no transaction needed', async () => {
    const calls: string[] = [];
    effects.splice(0, effects.length, {
      name: 'elsewhere',
      appliesTo: (draft) => draft.input.sendAsSms === true,
      check: async () => {
        calls.push('check');
      },
      apply: async () => {
        calls.push('apply');
      },
      afterCommit: async () => {
        calls.push('afterCommit');
      },
    });
    const res = await call(env.app, 'POST', `/conversations/${conversationId}/messages`, {
      as: w.alice,
      body: { body: 'plain' },
    });
    expect(res.statusCode).toBe(201);
    expect(calls).toEqual([]);
    effects.splice(0, effects.length);
  });
});

describe('posting as a party', () => {
  it('appends to an external conversation the party is in, with via and idempotency', async () => {
    const party = {
      partyId: w.party.id,
      firmId: w.firmId,
      via: 'quick_link' as const,
      auditActor: { type: 'anonymous' as const },
    };
    const first = await postPartyMessage(
      env.deps,
      party,
      conversationId,
      { body: 'Thanks!', clientMessageId: 'q-1' },
      [],
      meta,
    );
    expect(first.created).toBe(true);
    const again = await postPartyMessage(
      env.deps,
      party,
      conversationId,
      { body: 'Thanks!', clientMessageId: 'q-1' },
      [],
      meta,
    );
    expect(again).toEqual({ ...first, created: false });
    const list = await call(env.app, 'GET', `/conversations/${conversationId}/messages`, { as: w.alice });
    const posted = list.json().items.find((m: { id: string }) => m.id === first.messageId);
    expect(posted).toMatchObject({
      via: 'quick_link',
      author: { type: 'party', id: w.party.id },
      body: 'Thanks!',
    });
  });

  it('is refused (404) in a conversation the party is not in, or in another firm', async () => {
    const internal = await call(env.app, 'POST', `/matters/${w.open.id}/conversations`, {
      as: w.alice,
      body: { kind: 'internal' },
    });
    for (const [id, firmId] of [
      [internal.json().id, w.firmId],
      [conversationId, 'another-firm'],
    ]) {
      await expect(
        postPartyMessage(
          env.deps,
          { partyId: w.party.id, firmId, via: 'sms', auditActor: { type: 'anonymous' } },
          id,
          { body: 'x' },
          [],
          meta,
        ),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(
      postPartyMessage(
        env.deps,
        { partyId: w.restrictedParty.id, firmId: w.firmId, via: 'portal', auditActor: { type: 'anonymous' } },
        conversationId,
        { body: 'x' },
        [],
        meta,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
