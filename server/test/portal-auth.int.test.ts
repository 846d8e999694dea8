/**
 * Portal sign-in and step-up with the outbox drivers (no SMTP_URL): email links, invitations,
 * single-use and expiring tokens, rate limits, step-up codes by email and SMS, TOTP, sign-out.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalActor } from '../src/modules/access/actor';
import { base32Decode, totpAt } from '../src/modules/identity/totp';
import { createInvitation } from '../src/modules/portal/create-invitation';
import { hasRecentStepUp } from '../src/modules/portal/step-up';
import { auditLog, contacts, jobs, parties, tokens } from '../src/platform/db/schema';
import { call, type SeededStaff, seedFirm, seedPortalUser, seedStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';
import { codeFromText, runJobs, tokenFromText } from './support/jobs';

let env: TestEnv;
let admin: SeededStaff;
let firmId: string;
let firmName: string;

beforeAll(async () => {
  ({ env, admin, firmId, firmName } = await createFirmEnv({
    env: { LOGIN_LIMIT_PER_IP: '6', LOGIN_LIMIT_PER_ACCOUNT: '3' },
    firmName: 'Hale & Pardoe LLP',
  }));
});
afterAll(() => env.close());

/** Each test its own client IP, so per-IP limits of one test don't spill into the next. */
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;

async function outboxTo(to: string) {
  await runJobs(env.deps);
  return (await env.deps.outbox.list()).filter((item) => item.to === to);
}

async function newContact(email: string | null, mobile?: string) {
  const res = await call(env.app, 'POST', '/contacts', {
    as: admin,
    body: { name: 'Cora Client', email, ...(mobile ? { mobile } : {}) },
  });
  return res.json() as { id: string };
}

async function newParty(email: string | null) {
  const matter = (
    await call(env.app, 'POST', '/matters', { as: admin, body: { title: `Estate of Marsh ${randomUUID()}` } })
  ).json();
  const contact = await newContact(email);
  const party = (
    await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
      as: admin,
      body: { contactId: contact.id, role: 'Client' },
    })
  ).json();
  return { matter, contact, party };
}

const exchange = (token: string, remoteAddress = ip()) =>
  call(env.app, 'POST', '/portal/auth/exchange', { body: { token }, remoteAddress });

async function actorOf(token: string): Promise<PortalActor> {
  return (await env.deps.authenticate(token, 'portal')) as PortalActor;
}

describe('email sign-in link', () => {
  it('answers 202 for an unknown email and sends nothing', async () => {
    const before = await env.deps.db.select().from(jobs);
    const res = await call(env.app, 'POST', '/portal/auth/email-link', {
      body: { email: 'nobody@nowhere.test' },
      remoteAddress: ip(),
    });
    expect(res.statusCode).toBe(202);
    expect(await env.deps.db.select().from(jobs)).toHaveLength(before.length);
  });

  it('emails a contact a single-use link that signs them in, with the portal cookie', async () => {
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    const contact = await newContact(email);
    const res = await call(env.app, 'POST', '/portal/auth/email-link', {
      body: { email: email.toUpperCase() },
      remoteAddress: ip(),
    });
    expect(res.statusCode).toBe(202);
    const [mail] = await outboxTo(email);
    expect(mail!.subject).toMatch(/sign-in link/);
    expect(mail!.text).toContain('http://parley.test/portal/sign-in?token=');
    expect(mail!.html).toContain('http://parley.test/portal/sign-in?token=');

    const first = await exchange(tokenFromText(mail!.text));
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.user).toMatchObject({ email, name: 'Cora Client' });
    const session = first.cookies.find((c: { name: string }) => c.name === 'parley_portal');
    expect(session).toMatchObject({ httpOnly: true });
    // Its readable companion says only that it is there (the page then asks GET /portal/me): same life.
    const signedIn = first.cookies.find((c: { name: string }) => c.name === 'parley_portal_signed_in');
    expect(signedIn).toMatchObject({ value: '1', path: '/', expires: session!.expires });
    expect((signedIn as { httpOnly?: boolean }).httpOnly).toBeFalsy();
    const me = await call(env.app, 'GET', '/portal/me', { as: body });
    expect(me.json()).toMatchObject({ id: body.user.id, email, totpEnabled: false, mfaVerifiedUntil: null });

    const again = await exchange(tokenFromText(mail!.text));
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_credentials');

    const [linked] = await env.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(linked!.portalUserId).toBe(body.user.id);
    const audit = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.firmId, firmId), eq(auditLog.action, 'portal.sign_in')));
    expect(audit.some((a) => a.actorId === body.user.id)).toBe(true);
  });

  it('refuses a link exchanged from a foreign Origin (login CSRF) without using it up', async () => {
    const email = `csrf-${randomUUID().slice(0, 8)}@example.test`;
    await newContact(email);
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email }, remoteAddress: ip() });
    const [mail] = await outboxTo(email);
    const token = tokenFromText(mail!.text);
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/x' }]) {
      const res = await call(env.app, 'POST', '/portal/auth/exchange', {
        body: { token },
        headers,
        remoteAddress: ip(),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const ours = await call(env.app, 'POST', '/portal/auth/exchange', {
      body: { token },
      headers: { origin: 'http://parley.test' },
      remoteAddress: ip(),
    });
    expect(ours.statusCode).toBe(200);
  });

  it("requests for links from elsewhere cannot keep them from the person's own browser (device cookie)", async () => {
    const email = `own-${randomUUID().slice(0, 8)}@example.test`;
    await newContact(email);
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email }, remoteAddress: ip() });
    const signedIn = await exchange(tokenFromText((await outboxTo(email))[0]!.text));
    const device = signedIn.cookies.find((c: { name: string }) => c.name === 'parley_portal_device');
    expect(device).toMatchObject({ path: '/api/v1/portal/auth', httpOnly: true, sameSite: 'Strict' });
    const ask = (cookies?: Record<string, string>) =>
      call(env.app, 'POST', '/portal/auth/email-link', {
        body: { email },
        remoteAddress: ip(),
        ...(cookies ? { cookies } : {}),
      });
    for (let i = 0; i < 3; i++) await ask();
    expect((await ask()).statusCode).toBe(429);
    const before = (await outboxTo(email)).length;
    expect((await ask({ parley_portal_device: device!.value })).statusCode).toBe(202);
    expect((await outboxTo(email)).length).toBe(before + 1);
    expect((await ask({ parley_portal_device: `${device!.value}x` })).statusCode).toBe(429);
  });

  it('refuses an expired link', async () => {
    const email = `late-${randomUUID().slice(0, 8)}@example.test`;
    await newContact(email);
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email }, remoteAddress: ip() });
    const [mail] = await outboxTo(email);
    await env.deps.db.execute(
      sql`update tokens set expires_at = now() - interval '1 second' where kind = 'portal_sign_in'`,
    );
    const res = await exchange(tokenFromText(mail!.text));
    expect(res.statusCode).toBe(401);
  });

  it('refuses unknown tokens', async () => {
    expect((await exchange('made-up-token')).statusCode).toBe(401);
  });

  it('rate limits email links per email and per IP, and exchange per IP (429 + Retry-After)', async () => {
    const email = `busy-${randomUUID().slice(0, 8)}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(env.app, 'POST', '/portal/auth/email-link', {
        body: { email },
        remoteAddress: ip(),
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);

    const address = ip();
    const byIp: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call(env.app, 'POST', '/portal/auth/email-link', {
        body: { email: `x${i}-${randomUUID().slice(0, 4)}@example.test` },
        remoteAddress: address,
      });
      byIp.push(res.statusCode);
    }
    expect(byIp.at(-1)).toBe(429);
    expect(byIp.filter((s) => s === 202)).toHaveLength(6);

    const exchangeIp = ip();
    const exchanges: number[] = [];
    for (let i = 0; i < 7; i++) exchanges.push((await exchange('nope', exchangeIp)).statusCode);
    expect(exchanges).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });
});

describe('invitations', () => {
  it('createInvitation enqueues the invitation in the caller transaction, naming firm and matter', async () => {
    const email = `invitee-${randomUUID().slice(0, 8)}@example.test`;
    const { matter, party } = await newParty(email);
    const result = await env.deps.db.transaction((tx) =>
      createInvitation(tx, env.deps, { firmId, partyId: party.id }),
    );
    expect(result!.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const [mail] = await outboxTo(email);
    expect(mail!.subject).toContain(firmName);
    expect(mail!.subject).toContain(matter.title);
    expect(mail!.text).toContain(matter.title);
    const signedIn = await exchange(tokenFromText(mail!.text));
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.id).toBe(result!.portalUserId);

    // Signed in before: no second invitation.
    const again = await env.deps.db.transaction((tx) =>
      createInvitation(tx, env.deps, { firmId, partyId: party.id }),
    );
    expect(again).toBeNull();
  });

  it('writes nothing when the caller rolls back', async () => {
    const email = `rollback-${randomUUID().slice(0, 8)}@example.test`;
    const { party } = await newParty(email);
    await env.deps.db
      .transaction(async (tx) => {
        await createInvitation(tx, env.deps, { firmId, partyId: party.id });
        throw new Error('the message post failed');
      })
      .catch(() => {});
    expect(await outboxTo(email)).toHaveLength(0);
    const invites = await env.deps.db.select().from(tokens).where(eq(tokens.partyId, party.id));
    expect(invites).toHaveLength(0);
  });

  it('refuses a party without email (422) and a party of another firm (404)', async () => {
    const { party } = await newParty(null);
    await expect(
      env.deps.db.transaction((tx) => createInvitation(tx, env.deps, { firmId, partyId: party.id })),
    ).rejects.toMatchObject({ code: 'recipient_has_no_email' });
    const other = await seedFirm(env.deps);
    await expect(
      env.deps.db.transaction((tx) =>
        createInvitation(tx, env.deps, { firmId: other.firm.id, partyId: party.id }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('one portal user per email across firms', async () => {
    const email = `shared-${randomUUID().slice(0, 8)}@example.test`;
    const { party } = await newParty(email);
    const other = await seedFirm(env.deps, 'Other Firm');
    const matter = (
      await call(env.app, 'POST', '/matters', { as: other.admin, body: { title: 'B' } })
    ).json();
    const contact = (
      await call(env.app, 'POST', '/contacts', { as: other.admin, body: { name: 'Cora', email } })
    ).json();
    const partyB = (
      await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
        as: other.admin,
        body: { contactId: contact.id, role: 'Client' },
      })
    ).json();
    const a = await env.deps.db.transaction((tx) =>
      createInvitation(tx, env.deps, { firmId, partyId: party.id }),
    );
    const b = await env.deps.db.transaction((tx) =>
      createInvitation(tx, env.deps, { firmId: other.firm.id, partyId: partyB.id }),
    );
    expect(a!.portalUserId).toBe(b!.portalUserId);
    const [p] = await env.deps.db.select().from(parties).where(eq(parties.id, partyB.id));
    expect(p!.firmId).toBe(other.firm.id);
  });
});

describe('step-up', () => {
  it('emails a 6-digit code that opens step-up for 15 minutes, once', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    expect(hasRecentStepUp(await actorOf(user.token))).toBe(false);
    const res = await call(env.app, 'POST', '/portal/mfa/challenge', {
      as: user,
      body: { channel: 'email' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await outboxTo(user.email);
    const code = codeFromText(mail!.text);
    expect(mail!.subject).toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      (await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: wrong } })).json(),
    ).toMatchObject({ error: { code: 'invalid_code' } });
    const ok = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } });
    expect(ok.statusCode, ok.body).toBe(200);
    const until = new Date(ok.json().verifiedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(hasRecentStepUp(await actorOf(user.token))).toBe(true);
    expect(hasRecentStepUp(await actorOf(user.token), new Date(until + 1))).toBe(false);

    const replay = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } });
    expect(replay.statusCode).toBe(422);
    const audit = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'portal.step_up'));
    expect(audit.some((a) => a.actorId === user.id && a.firmId === firmId)).toBe(true);
  });

  it('binds the code to the session that asked for it', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const otherSession = await seedPortalUser(env.deps, firmId, { email: `b-${user.email}` });
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
    const code = codeFromText((await outboxTo(user.email))[0]!.text);
    const { createSession, sessionPolicy } = await import('../src/modules/identity/sessions.repository');
    const second = await createSession(
      env.deps.db,
      sessionPolicy(env.deps.config),
      { type: 'portal', portalUserId: user.id },
      { ip: null, userAgent: null },
    );
    for (const as of [second, otherSession]) {
      const res = await call(env.app, 'POST', '/portal/mfa/verify', { as, body: { code } });
      expect(res.statusCode).toBe(422);
    }
    expect((await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } })).statusCode).toBe(
      200,
    );
  });

  it('kills a code after 5 wrong tries, and a new challenge replaces the old code', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
    const code = codeFromText((await outboxTo(user.email))[0]!.text);
    const wrong = code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++)
      await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: wrong } });
    expect((await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } })).statusCode).toBe(
      422,
    );

    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
    const codes = (await outboxTo(user.email)).map((m) => codeFromText(m.text));
    const [newest, older] = codes;
    if (newest !== older) {
      const res = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: older } });
      expect(res.statusCode).toBe(422);
    }
    const res = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: newest } });
    expect(res.statusCode).toBe(200);
  });

  it('texts the code to a linked mobile; without one → 422 recipient_has_no_mobile', async () => {
    const noMobile = await seedPortalUser(env.deps, firmId);
    const refused = await call(env.app, 'POST', '/portal/mfa/challenge', {
      as: noMobile,
      body: { channel: 'sms' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('recipient_has_no_mobile');

    const user = await seedPortalUser(env.deps, firmId, { mobile: '+14155550123' });
    const res = await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'sms' } });
    expect(res.statusCode).toBe(202);
    const [sms] = await outboxTo('+14155550123');
    expect(sms!.channel).toBe('sms');
    const ok = await call(env.app, 'POST', '/portal/mfa/verify', {
      as: user,
      body: { code: codeFromText(sms!.text) },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('rate limits challenges and caps failures at 100 per account per hour', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } }))
          .statusCode,
      );
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);

    await env.deps.db.execute(
      sql`insert into rate_limits (key, window_start, count) values (${`mfa:fail:portal:${user.id}`}, now(), 99)`,
    );
    const code = codeFromText((await outboxTo(user.email))[0]!.text);
    const wrong = code === '123123' ? '321321' : '123123';
    expect(
      (await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code: wrong } })).statusCode,
    ).toBe(422);
    const limited = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
  });

  it('TOTP: set up, confirm, verify with a code, refuse the same code again', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const setup = await call(env.app, 'POST', '/portal/mfa/totp/setup', { as: user });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    const key = base32Decode(secret);
    const now = Date.now();
    const confirm = await call(env.app, 'POST', '/portal/mfa/totp/confirm', {
      as: user,
      body: { code: totpAt(key, now - 30_000) },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect((await call(env.app, 'GET', '/portal/me', { as: user })).json().totpEnabled).toBe(true);

    const code = totpAt(key, now);
    const verify = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } });
    expect(verify.statusCode, verify.body).toBe(200);
    const replay = await call(env.app, 'POST', '/portal/mfa/verify', { as: user, body: { code } });
    expect(replay.statusCode).toBe(422);
    expect((await call(env.app, 'POST', '/portal/mfa/totp/setup', { as: user })).statusCode).toBe(409);
  });
});

describe('portal sessions', () => {
  it('signs out everywhere; staff and portal tokens do not cross', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const staffMember = await seedStaff(env.deps, firmId, 'staff');
    expect((await call(env.app, 'GET', '/portal/me', { as: staffMember })).statusCode).toBe(401);
    expect((await call(env.app, 'GET', '/me', { as: user })).statusCode).toBe(401);
    const out = await call(env.app, 'POST', '/portal/auth/logout', { as: user });
    expect(out.statusCode).toBe(204);
    // Both cookies are cleared: the session and the readable "signed in" mark.
    const cleared = out.cookies
      .filter((c: { value: string }) => c.value === '')
      .map((c: { name: string }) => c.name);
    expect(cleared.sort()).toEqual(['parley_portal', 'parley_portal_signed_in']);
    expect((await call(env.app, 'GET', '/portal/me', { as: user })).statusCode).toBe(401);
  });

  it('checks the Origin of cookie-authenticated portal writes', async () => {
    const user = await seedPortalUser(env.deps, firmId);
    const cookie = `parley_portal=${user.token}`;
    const body = { channel: 'email' };
    const refused = await call(env.app, 'POST', '/portal/mfa/challenge', { body, headers: { cookie } });
    expect(refused.statusCode).toBe(403);
    const allowed = await call(env.app, 'POST', '/portal/mfa/challenge', {
      body,
      headers: { cookie, origin: 'http://parley.test' },
    });
    expect(allowed.statusCode).toBe(202);
  });
});

describe('dev outbox', () => {
  it("lists both channels, newest first, only the admin's firm", async () => {
    const user = await seedPortalUser(env.deps, firmId, { mobile: '+14155550188' });
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'email' } });
    await runJobs(env.deps);
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: user, body: { channel: 'sms' } });
    await runJobs(env.deps);
    const res = await call(env.app, 'GET', '/dev/outbox', { as: admin });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { channel: string; to: string; createdAt: string; text: string }[];
    const mine = items.filter((i) => i.to === user.email || i.to === '+14155550188');
    expect(mine.map((i) => i.channel)).toEqual(['sms', 'email']);
    const times = items.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const other = await seedFirm(env.deps);
    const theirs = (await call(env.app, 'GET', '/dev/outbox', { as: other.admin })).json().items;
    expect(theirs).toEqual([]);
  });
});
