/**
 * Send as SMS (issue 7) against a Twilio-compatible server on loopback: REST requests, 5xx retry,
 * 4xx failure, signed status callbacks (signed by the official `twilio` package) that only move
 * forward, inbound replies, STOP/START, and quick-reply links.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../src/modules/identity/sessions.repository';
import { queryRows } from '../src/platform/db/database';
import { contacts, deliveries, tokens } from '../src/platform/db/schema';
import {
  call,
  createTestEnv,
  databaseFingerprint,
  PUBLIC_URL,
  seedPortalUser,
  type TestEnv,
} from './helpers';
import { seedParty, seedWorld, type World } from './messaging-fixture';
import { expectErrorLogs } from './support/error-logs';
import { runJobs } from './support/jobs';
import { FakeTwilio, postSigned, statusCallback, TWILIO } from './support/twilio';

let twilio: FakeTwilio;
let env: TestEnv;
let w: World;
let conversationId: string;
/** A second party of the conversation, with a mobile of their own. */
let dana: Awaited<ReturnType<typeof seedParty>>;
const DANA_MOBILE = '+15557654321';

/**
 * Runs jobs until none is due soon (retries are rescheduled a few ms ahead; the quiet-period email
 * job of the notifications effect is minutes ahead and not this test's business).
 */
async function drainJobs(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await runJobs(env.deps);
    const [row] = await queryRows<{ n: string }>(
      env.deps.db,
      sql`select count(*)::text as n from jobs where done_at is null and failed_at is null and run_at < now() + interval '1 minute'`,
    );
    if (row!.n === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('jobs did not drain');
}

const sendSms = (body: Record<string, unknown>, id = conversationId) =>
  call(env.app, 'POST', `/conversations/${id}/messages`, { as: w.alice, body: { sendAsSms: true, ...body } });

const deliveriesOf = async (messageId: string) =>
  env.deps.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));

const tokenFrom = (text: string) => {
  const match = /\/r\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no quick-reply link in ${text}`);
  return match[1];
};

/** The server's real address (it listens on loopback once a test needs HTTP callbacks). */
async function listening() {
  const address = env.app.server.address();
  if (typeof address === 'object' && address) return `http://127.0.0.1:${address.port}`;
  return env.app.listen({ port: 0, host: '127.0.0.1' });
}

/** Sends one SMS message and returns it with the text each recipient got, by mobile. */
async function sendAndDeliver(body: Record<string, unknown>, id = conversationId) {
  const before = twilio.sent.length;
  const res = await sendSms(body, id);
  expect(res.statusCode, res.body).toBe(201);
  await drainJobs();
  const texts = new Map(twilio.sent.slice(before).map((s) => [s.form.To!, s]));
  return { message: res.json(), texts };
}

beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  env = await createTestEnv({ env: twilio.env() });
  w = await seedWorld(env.deps);
  dana = await seedParty(env.deps, w.firmId, w.open.id, 'Dana Doe');
  await env.deps.db.update(contacts).set({ mobile: DANA_MOBILE }).where(eq(contacts.id, dana.contact.id));
  await env.deps.db
    .update(contacts)
    .set({ mobile: '+15551230001' })
    .where(eq(contacts.id, w.party.contact.id));
  const res = await call(env.app, 'POST', `/matters/${w.open.id}/messages`, {
    as: w.alice,
    body: { partyIds: [w.party.id, dana.id], body: 'Welcome' },
  });
  conversationId = res.json().conversation.id;
});
afterAll(async () => {
  await env.close();
  await twilio.close();
});

describe('sending through the Twilio REST API', () => {
  it('sends each recipient their own SMS: firm name, preview, own quick-reply link', async () => {
    const published = vi.spyOn(env.deps.realtime, 'publish');
    const { message, texts } = await sendAndDeliver({ body: 'Please sign the engagement letter by Friday.' });
    // The post's own answer already lists a queued delivery per recipient.
    expect(message.deliveries.map((d: { status: string }) => d.status)).toEqual(['queued', 'queued']);
    expect([...texts.keys()].sort()).toEqual(['+15551230001', DANA_MOBILE]);
    const links = new Set<string>();
    for (const sms of texts.values()) {
      expect(sms.path).toBe(`/2010-04-01/Accounts/${TWILIO.sid}/Messages.json`);
      expect(sms.auth).toBe(`Basic ${Buffer.from(`${TWILIO.sid}:${TWILIO.token}`).toString('base64')}`);
      expect(sms.form.From).toBe(TWILIO.from);
      expect(sms.form.StatusCallback).toMatch(
        new RegExp(`^${PUBLIC_URL}/api/v1/webhooks/sms/status\\?delivery=[0-9a-f-]{36}$`),
      );
      expect(sms.form.Body).toContain('Firm ');
      expect(sms.form.Body).toContain('Please sign the engagement letter by Friday.');
      expect(sms.form.Body).toContain(`${PUBLIC_URL}/r/`);
      const token = tokenFrom(sms.form.Body!);
      links.add(token);
      // Only the token's hash is stored.
      const [row] = await env.deps.db
        .select()
        .from(tokens)
        .where(eq(tokens.tokenHash, hashToken(token)));
      expect(row?.kind).toBe('quick_reply');
      expect(row?.messageId).toBe(message.id);
      expect(JSON.stringify(await env.deps.db.select().from(tokens))).not.toContain(token);
    }
    expect(links.size).toBe(2);
    // Job payloads (they carry the links) are blanked once done.
    const jobs = await queryRows<{ payload: unknown }>(
      env.deps.db,
      sql`select payload from jobs where name = 'sms.send-message'`,
    );
    expect(JSON.stringify(jobs)).not.toContain([...links][0]);

    const list = await call(env.app, 'GET', `/conversations/${conversationId}/messages`, { as: w.alice });
    const shown = list.json().items.find((m: { id: string }) => m.id === message.id);
    expect(shown.deliveries).toHaveLength(2);
    for (const d of shown.deliveries) {
      expect(d).toMatchObject({ channel: 'sms', status: 'queued' });
      expect([w.party.id, dana.id]).toContain(d.partyId);
    }
    expect(published).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'delivery.updated', messageId: message.id, channel: 'sms' }),
    );
    published.mockRestore();
  });

  it('takes status callbacks over real HTTP, signed over the StatusCallback URL it gave', async () => {
    const address = await listening();
    const { message, texts } = await sendAndDeliver({ body: 'Over the wire' });
    const record = texts.get(DANA_MOBILE)!;
    for (const status of ['sent', 'delivered', 'sending']) {
      const res = await twilio.sendStatus(record, status, address);
      expect(res.status).toBe(204);
    }
    const row = (await deliveriesOf(message.id)).find((d) => d.partyId === dana.id)!;
    expect(row).toMatchObject({ status: 'delivered', providerId: record.sid, error: null });
  });

  it('takes a status callback that arrives before the REST answer, and keeps it', async () => {
    const address = await listening();
    twilio.callBackFirst('sent', address);
    twilio.callBackFirst('delivered', address);
    const answersBefore = twilio.earlyAnswers.length;
    const { message, texts } = await sendAndDeliver({ body: 'Early bird' });
    expect(twilio.earlyAnswers.slice(answersBefore)).toEqual([204, 204]);
    const rows = await deliveriesOf(message.id);
    // The callbacks stored the provider id and moved the status on; the later answer ('queued')
    // did not move it back.
    expect(rows.map((r) => r.status).sort()).toEqual(['delivered', 'sent']);
    for (const row of rows) {
      const sms = [...texts.values()].find((t) => t.sid === row.providerId);
      expect(sms?.form.StatusCallback).toContain(`delivery=${row.id}`);
    }
    // A callback naming a delivery under another provider id changes nothing.
    const [row] = rows;
    const forged = await postSigned(env.app, `/api/v1/webhooks/sms/status?delivery=${row!.id}`, {
      AccountSid: TWILIO.sid,
      MessageSid: 'SMsomethingelse',
      MessageStatus: 'failed',
    });
    expect(forged.statusCode).toBe(204);
    expect((await deliveriesOf(message.id)).find((r) => r.id === row!.id)).toMatchObject({
      status: row!.status,
      providerId: row!.providerId,
    });
  });

  it('a requireMfa message carries no content in its SMS, only the link', async () => {
    const { texts } = await sendAndDeliver({ body: 'Settlement figure: 1.2M', requireMfa: true });
    for (const sms of texts.values()) {
      expect(sms.form.Body).not.toContain('1.2M');
      expect(sms.form.Body).toContain('/r/');
    }
  });

  it('a retry after a lost answer adopts the SMS the provider already took instead of sending it again', async () => {
    twilio.loseAnswerNext();
    const searchesBefore = twilio.searches.length;
    const { message, texts } = await sendAndDeliver({ body: 'Only once, please' });
    // Each recipient got exactly one SMS, although one answer never came back.
    const sentNow = twilio.sent.filter((m) => m.form.Body?.includes('Only once, please'));
    expect(sentNow.map((m) => m.form.To).sort()).toEqual(['+15551230001', DANA_MOBILE].sort());
    expect(twilio.searches.length - searchesBefore).toBe(1); // only the retry asked
    expect(twilio.searches.at(-1)).toContain(`From=${encodeURIComponent(TWILIO.from)}`);
    const rows = await deliveriesOf(message.id);
    for (const row of rows) {
      expect(row.providerId).toBe(sentNow.find((m) => m.sid === row.providerId)?.sid);
      expect(row.status === 'queued' || row.status === 'sent').toBe(true);
    }
    expect(texts.size).toBe(2);
  });

  it('retries network errors and 5xx with backoff, then sends once', async () => {
    twilio.failNext(500, 503);
    const requestsBefore = twilio.requests.length;
    const { message } = await sendAndDeliver({ body: 'Retry me' });
    // Two recipients, two failures between them, then each delivered once.
    expect(twilio.requests.length - requestsBefore).toBe(4);
    const rows = await deliveriesOf(message.id);
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(rows.every((r) => r.providerId?.startsWith('SM'))).toBe(true);
  });

  it('a 4xx ends the delivery as failed with the provider error, without retrying', async () => {
    twilio.failNext(400);
    expectErrorLogs(/Twilio refused the SMS \(HTTP 400 21211\)/);
    const requestsBefore = twilio.requests.length;
    const { message } = await sendAndDeliver({ body: 'Bad number' });
    expect(twilio.requests.length - requestsBefore).toBe(2);
    const rows = await deliveriesOf(message.id);
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain('21211');
    expect(failed[0]!.error).toContain('not a valid phone number');
    // The job gave up at once, and its payload (the link) is blanked like a done one.
    const [job] = await queryRows<{ payload: unknown; attempts: number }>(
      env.deps.db,
      sql`select payload, attempts from jobs where failed_at is not null and name = 'sms.send-message'`,
    );
    expect(job).toEqual({ payload: { redacted: true }, attempts: 1 });
  });

  it('refuses recipients without a valid mobile, naming them, and posts nothing', async () => {
    for (const mobile of [null, 'not a number']) {
      await env.deps.db.update(contacts).set({ mobile }).where(eq(contacts.id, dana.contact.id));
      const before = await databaseFingerprint(env.deps);
      const res = await sendSms({ body: 'x' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('recipient_has_no_mobile');
      expect(res.json().error.details).toEqual([{ partyId: dana.id, name: 'Dana Doe' }]);
      expect(res.json().error.message).toContain('Dana Doe');
      expect(await databaseFingerprint(env.deps)).toBe(before);
    }
    await env.deps.db.update(contacts).set({ mobile: DANA_MOBILE }).where(eq(contacts.id, dana.contact.id));
  });

  it('refuses when a new conversation created with the message has a party without mobile', async () => {
    const nomobile = await seedParty(env.deps, w.firmId, w.open.id, 'Ned Nomobile');
    await env.deps.db.update(contacts).set({ mobile: null }).where(eq(contacts.id, nomobile.contact.id));
    const before = await databaseFingerprint(env.deps);
    const res = await call(env.app, 'POST', `/matters/${w.open.id}/messages`, {
      as: w.alice,
      body: { partyIds: [nomobile.id], body: 'Hello', sendAsSms: true },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([{ partyId: nomobile.id, name: 'Ned Nomobile' }]);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });
});

describe('status callbacks', () => {
  const ranks = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'];
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
  function rng(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('accepts only a valid X-Twilio-Signature (403 otherwise, nothing changes)', async () => {
    const { message } = await sendAndDeliver({ body: 'Signed?' });
    const [row] = await deliveriesOf(message.id);
    const params = { MessageSid: row!.providerId!, MessageStatus: 'delivered' };
    const path = '/api/v1/webhooks/sms/status';
    for (const attempt of [
      postSigned(env.app, path, params, { token: 'wrong-token' }),
      postSigned(env.app, path, params, { signature: '' }),
      postSigned(env.app, path, params, { signature: 'AAAA' }),
      env.app.inject({
        method: 'POST',
        url: path,
        payload: params,
        headers: { 'x-twilio-signature': 'x' },
      }),
    ]) {
      const res = await attempt;
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    // A tampered field breaks the signature too.
    const signed = await postSigned(env.app, `${path}`, { ...params, MessageStatus: 'sent' });
    expect(signed.statusCode).toBe(204);
    expect((await deliveriesOf(message.id)).find((d) => d.id === row!.id)!.status).toBe('sent');
    // Signed but malformed: 400, nothing changed.
    const before = await databaseFingerprint(env.deps);
    for (const [url, form] of [
      [path, { MessageStatus: 'sent' }],
      [path, { MessageSid: 'x'.repeat(5000), MessageStatus: 'sent' }],
      [path, { MessageSid: row!.providerId!, MessageStatus: '' }],
      ['/api/v1/webhooks/sms/inbound', { Body: 'hi', MessageSid: 'SMx' }],
      ['/api/v1/webhooks/sms/inbound', { From: '+15550000000', Body: 'hi' }],
      // Bytes that cannot be stored (issue #19 item 4): a NUL, and %C0%80 (an overlong NUL) below.
      ['/api/v1/webhooks/sms/inbound', { From: '+15550000000', Body: 'hi\u0000', MessageSid: 'SMx' }],
      [path, { MessageSid: `${row!.providerId!}\u0000`, MessageStatus: 'sent' }],
    ] as const) {
      const bad = await postSigned(env.app, url, form);
      expect(bad.statusCode, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(bad.json().error.code).toBe('invalid_request');
    }
    const overlong = await env.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/sms/inbound',
      payload: 'From=%2B15550000000&MessageSid=SMx&Body=hi%C0%80',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
    });
    expect(overlong.statusCode).toBe(400);
    expect(overlong.json().error.code).toBe('invalid_request');
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('moves only forward: shuffled, duplicated and concurrent callbacks always end in the same state', async () => {
    const { message } = await sendAndDeliver({ body: 'Order test' });
    const row = (await deliveriesOf(message.id))[0]!;
    const random = rng(7);
    const published = vi.spyOn(env.deps.realtime, 'publish');
    for (let run = 0; run < 40; run++) {
      await env.deps.db
        .update(deliveries)
        .set({ status: 'queued', error: null })
        .where(eq(deliveries.id, row.id));
      // Twilio's own names, each 1-3 times, optionally ending in failure.
      const names = ['queued', 'sending', 'sent', run % 3 === 0 ? 'undelivered' : 'delivered'];
      if (run % 5 === 0) names.push('failed');
      const sequence = names.flatMap((n) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => n));
      for (let i = sequence.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [sequence[i], sequence[j]] = [sequence[j]!, sequence[i]!];
      }
      const expected = names.reduce((a, b) => (ranks.indexOf(b) > ranks.indexOf(a) ? b : a));
      // Half sequentially, the rest all at once.
      const half = Math.floor(sequence.length / 2);
      for (const status of sequence.slice(0, half)) {
        const code = status === 'failed' || status === 'undelivered' ? '30003' : undefined;
        expect((await statusCallback(env.app, row.providerId!, status, code)).statusCode).toBe(204);
      }
      await Promise.all(
        sequence
          .slice(half)
          .map((status) =>
            statusCallback(
              env.app,
              row.providerId!,
              status,
              status === 'failed' || status === 'undelivered' ? '30003' : undefined,
            ),
          ),
      );
      const [after] = await env.deps.db.select().from(deliveries).where(eq(deliveries.id, row.id));
      expect(after!.status, `run ${run}: ${sequence.join(',')}`).toBe(expected);
      expect(after!.error).toBe(
        expected === 'undelivered' || expected === 'failed' ? 'Twilio error 30003' : null,
      );
    }
    expect(published).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'delivery.updated', conversationId, partyId: row.partyId }),
    );
    published.mockRestore();
  });

  it('acknowledges unknown message ids and statuses', async () => {
    expect((await statusCallback(env.app, 'SMunknown', 'delivered')).statusCode).toBe(204);
    expect((await statusCallback(env.app, 'SMunknown', 'warp-speed')).statusCode).toBe(204);
  });
});

describe('inbound SMS', () => {
  const inbound = (from: string, body: string, sid: string) =>
    postSigned(env.app, '/api/v1/webhooks/sms/inbound', {
      From: from,
      To: TWILIO.from,
      Body: body,
      MessageSid: sid,
    });

  const messagesOf = async (id = conversationId) =>
    (await call(env.app, 'GET', `/conversations/${id}/messages?limit=100`, { as: w.alice })).json().items;

  it('appends a reply to the newest conversation that texted the number, once per MessageSid', async () => {
    const res = await inbound(DANA_MOBILE, 'Signed and sent back.', 'SMinbound1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toBe('<Response/>');
    await inbound(DANA_MOBILE, 'Signed and sent back.', 'SMinbound1');
    const replies = (await messagesOf()).filter((m: { body: string }) => m.body === 'Signed and sent back.');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      via: 'sms',
      author: { type: 'party', id: dana.id, name: 'Dana Doe' },
    });

    // A newer conversation texts Dana: her next SMS goes there.
    const other = await call(env.app, 'POST', `/matters/${w.open.id}/conversations`, {
      as: w.alice,
      body: { kind: 'external', partyIds: [dana.id], title: 'Billing' },
    });
    await sendAndDeliver({ body: 'Your invoice' }, other.json().id);
    await inbound(DANA_MOBILE, 'Paid.', 'SMinbound2');
    expect((await messagesOf(other.json().id)).at(-1)).toMatchObject({ body: 'Paid.', via: 'sms' });
    expect((await messagesOf()).some((m: { body: string }) => m.body === 'Paid.')).toBe(false);
  });

  it('acknowledges and audits an unknown number, posts nothing', async () => {
    const res = await inbound('+15559990000', 'Who is this?', 'SMunknown1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<Response/>');
    const audit = await queryRows<{ action: string }>(
      env.deps.db,
      sql`select action from audit_log where target_id = 'SMunknown1'`,
    );
    expect(audit.map((a) => a.action)).toContain('sms.inbound_unmatched');
    const bodies = (await messagesOf()).map((m: { body: string }) => m.body);
    expect(bodies).not.toContain('Who is this?');
  });

  it('STOP opts the number out (sending is refused) until START', async () => {
    expect((await inbound(DANA_MOBILE, ' stop ', 'SMstop1')).statusCode).toBe(200);
    const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, dana.contact.id));
    expect(contact!.smsOptedOutAt).not.toBeNull();
    const refused = await sendSms({ body: 'Still there?' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('recipient_opted_out');
    expect(refused.json().error.details).toEqual([{ partyId: dana.id, name: 'Dana Doe' }]);
    // The keyword itself is not posted.
    expect((await messagesOf()).map((m: { body: string }) => m.body)).not.toContain(' stop ');

    await inbound(DANA_MOBILE, 'START', 'SMstart1');
    const [again] = await env.deps.db.select().from(contacts).where(eq(contacts.id, dana.contact.id));
    expect(again!.smsOptedOutAt).toBeNull();
    expect((await sendSms({ body: 'Welcome back' })).statusCode).toBe(201);
    await drainJobs();
  });

  it('needs a valid signature', async () => {
    const res = await postSigned(
      env.app,
      '/api/v1/webhooks/sms/inbound',
      { From: DANA_MOBILE, Body: 'forged', MessageSid: 'SMforged' },
      { token: 'nope' },
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('quick reply', () => {
  async function linkFor(mobile: string, body: Record<string, unknown> = { body: 'Quick question' }) {
    const { texts } = await sendAndDeliver(body);
    return tokenFrom(texts.get(mobile)!.form.Body!);
  }

  it('shows firm, matter and the last 10 messages, MFA ones locked; a reply is posted via quick_link', async () => {
    await sendAndDeliver({ body: 'Secret terms', requireMfa: true });
    const token = await linkFor('+15551230001');
    const view = await call(env.app, 'GET', `/quick/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    const page = view.json();
    expect(page.firm.name).toMatch(/^Firm /);
    expect(page.matter.title).toMatch(/^Matter /);
    expect(page.messages).toHaveLength(10);
    expect(page.messages.at(-1).body).toBe('Quick question');
    const locked = page.messages.find((m: { locked?: boolean }) => m.locked);
    expect(locked).toMatchObject({ requireMfa: true, locked: true });
    expect(view.body).not.toContain('Secret terms');
    expect(view.body).not.toContain('deliveries');
    expect(view.body).not.toContain('readBy');

    const reply = await call(env.app, 'POST', `/quick/${token}/messages`, { body: { body: 'On my way' } });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({
      body: 'On my way',
      via: 'quick_link',
      author: { type: 'party', id: w.party.id },
    });
    const staffView = (
      await call(env.app, 'GET', `/conversations/${conversationId}/messages`, { as: w.alice })
    ).json();
    expect(staffView.items.at(-1)).toMatchObject({ body: 'On my way', via: 'quick_link' });
  });

  it('an unknown or expired link is 404', async () => {
    expect((await call(env.app, 'GET', `/quick/${'x'.repeat(43)}`)).statusCode).toBe(404);
    const token = await linkFor(DANA_MOBILE);
    await env.deps.db
      .update(tokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(tokens.tokenHash, hashToken(token)));
    expect((await call(env.app, 'GET', `/quick/${token}`)).statusCode).toBe(404);
    const post = await call(env.app, 'POST', `/quick/${token}/messages`, { body: { body: 'late' } });
    expect(post.statusCode).toBe(404);
  });

  it('dies when its party leaves the conversation', async () => {
    const token = await linkFor(DANA_MOBILE);
    expect((await call(env.app, 'GET', `/quick/${token}`)).statusCode).toBe(200);
    const conversation = (
      await call(env.app, 'GET', `/conversations/${conversationId}`, { as: w.alice })
    ).json();
    const participant = conversation.participants.find((p: { refId: string }) => p.refId === dana.id);
    const removed = await call(
      env.app,
      'DELETE',
      `/conversations/${conversationId}/participants/${participant.id}`,
      {
        as: w.alice,
      },
    );
    expect(removed.statusCode).toBe(204);
    expect((await call(env.app, 'GET', `/quick/${token}`)).statusCode).toBe(404);
    expect(
      (await call(env.app, 'POST', `/quick/${token}/messages`, { body: { body: 'hi' } })).statusCode,
    ).toBe(404);

    // Once dead, dead: putting the party back in the conversation does not revive the old link.
    const readded = await call(env.app, 'POST', `/conversations/${conversationId}/participants`, {
      as: w.alice,
      body: { partyIds: [dana.id] },
    });
    expect(readded.statusCode, readded.body).toBe(200);
    expect((await call(env.app, 'GET', `/quick/${token}`)).statusCode).toBe(404);
    expect(
      (await call(env.app, 'POST', `/quick/${token}/messages`, { body: { body: 'back' } })).statusCode,
    ).toBe(404);
    // A link sent after the re-add works.
    const fresh = await linkFor(DANA_MOBILE);
    expect((await call(env.app, 'GET', `/quick/${fresh}`)).statusCode).toBe(200);
  });

  it('is rate limited per token and per IP (429 with Retry-After)', async () => {
    const token = await linkFor('+15551230001');
    const config = env.deps.config as {
      QUICK_REPLY_LIMIT_PER_TOKEN: number;
      QUICK_REPLY_LIMIT_PER_IP: number;
    };
    const saved = { ...config };
    config.QUICK_REPLY_LIMIT_PER_TOKEN = 3;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await call(env.app, 'GET', `/quick/${token}`, { remoteAddress: '203.0.113.5' })).statusCode,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await call(env.app, 'GET', `/quick/${token}`, { remoteAddress: '203.0.113.6' });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();

      config.QUICK_REPLY_LIMIT_PER_TOKEN = 1000;
      config.QUICK_REPLY_LIMIT_PER_IP = 2;
      const ipStatuses: number[] = [];
      for (let i = 0; i < 3; i++)
        ipStatuses.push(
          (await call(env.app, 'GET', `/quick/${'y'.repeat(43)}`, { remoteAddress: '203.0.113.7' }))
            .statusCode,
        );
      expect(ipStatuses).toEqual([404, 404, 429]);
    } finally {
      Object.assign(config, saved);
    }
  });
});

describe('without TWILIO_* (outbox)', () => {
  let outboxEnv: TestEnv;
  beforeAll(async () => {
    // This test follows the quick-reply link from the outbox listing: it needs the token whole.
    outboxEnv = await createTestEnv({ env: { OUTBOX_SHOW_SECRETS: 'true' } });
  });
  afterAll(() => outboxEnv.close());

  it('the delivery-tracked SMS lands in GET /dev/outbox and its status is sent', async () => {
    const world = await seedWorld(outboxEnv.deps);
    const res = await call(outboxEnv.app, 'POST', `/matters/${world.open.id}/messages`, {
      as: world.alice,
      body: { partyIds: [world.party.id], body: 'Hello by SMS', sendAsSms: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().message.deliveries).toMatchObject([{ partyId: world.party.id, status: 'queued' }]);
    await runJobs(outboxEnv.deps);
    const outbox = (await call(outboxEnv.app, 'GET', '/dev/outbox', { as: world.admin })).json();
    const sms = outbox.items.find((i: { channel: string }) => i.channel === 'sms');
    expect(sms).toMatchObject({ to: '+15551234567' });
    expect(sms.text).toContain('Hello by SMS');
    expect(sms.text).toContain(`${PUBLIC_URL}/r/`);
    const messageId = res.json().message.id;
    const rows = await outboxEnv.deps.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
    expect(rows.map((r) => r.status)).toEqual(['sent']);
    // The link works.
    const view = await call(outboxEnv.app, 'GET', `/quick/${tokenFrom(sms.text)}`);
    expect(view.statusCode).toBe(200);
  });

  it('without OUTBOX_SHOW_SECRETS the listing shows the quick-reply link with its token as "…"', async () => {
    const redacting = await createTestEnv();
    try {
      const world = await seedWorld(redacting.deps);
      const res = await call(redacting.app, 'POST', `/matters/${world.open.id}/messages`, {
        as: world.alice,
        body: { partyIds: [world.party.id], body: 'Hello by SMS', sendAsSms: true },
      });
      expect(res.statusCode, res.body).toBe(201);
      await runJobs(redacting.deps);
      const [stored] = (await redacting.deps.outbox.list()).filter((i) => i.channel === 'sms');
      const token = tokenFrom(stored!.text);
      const listed = (await call(redacting.app, 'GET', '/dev/outbox', { as: world.admin })).json();
      const sms = listed.items.find((i: { channel: string }) => i.channel === 'sms');
      expect(sms.text).toContain('Hello by SMS');
      expect(sms.text).toContain(`${PUBLIC_URL}/r/…`);
      expect(JSON.stringify(listed)).not.toContain(token);
    } finally {
      await redacting.close();
    }
  });
});

describe('a message sent as SMS (DESIGN.md rule 5)', () => {
  it('is also a normal portal message: the party reads it, body and all, in the portal', async () => {
    const pat = await seedPortalUser(env.deps, w.firmId, { name: 'Pat Portal', mobile: '+15550001111' });
    const party = await call(env.app, 'POST', `/matters/${w.open.id}/parties`, {
      as: w.alice,
      body: { contactId: pat.contactId, role: 'Client' },
    });
    expect(party.statusCode, party.body).toBe(201);
    const before = twilio.sent.length;
    const posted = await call(env.app, 'POST', `/matters/${w.open.id}/messages`, {
      as: w.alice,
      body: { partyIds: [party.json().id], body: 'By text and on the portal', sendAsSms: true },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await drainJobs();
    expect(twilio.sent.slice(before).map((s) => s.form.To)).toEqual(['+15550001111']);

    const { conversation, message } = posted.json();
    const listed = await call(env.app, 'GET', '/portal/conversations', { as: pat });
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(conversation.id);
    const read = await call(env.app, 'GET', `/portal/conversations/${conversation.id}/messages`, { as: pat });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().items).toEqual([
      expect.objectContaining({ id: message.id, body: 'By text and on the portal' }),
    ]);
  });
});
