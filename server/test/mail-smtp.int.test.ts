/**
 * Email through a real SMTP server on loopback: read the delivered mails and follow their links
 * exactly as a client would. Also: one send per job, permanent refusals, retries while SMTP is down.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../src/modules/portal/create-invitation';
import { jobs } from '../src/platform/db/schema';
import { call, createTestEnv, type SeededStaff, seedFirm, type TestEnv } from './helpers';
import { expectErrorLogs } from './support/error-logs';
import { createFirmEnv } from './support/firm-env';
import { codeFromText, runJobs, tokenFromText } from './support/jobs';
import { startSmtp, type TestSmtp } from './support/smtp';

let smtp: TestSmtp;
let env: TestEnv;
let admin: SeededStaff;
let firmId: string;

beforeAll(async () => {
  smtp = await startSmtp({ refuse: (rcpt) => rcpt.startsWith('bounce') });
  ({ env, admin, firmId } = await createFirmEnv({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Hale & Pardoe <portal@hale.test>' },
    firmName: 'Hale & Pardoe LLP',
  }));
});
afterAll(async () => {
  await env.close();
  await smtp.close();
});

async function partyWithEmail(email: string) {
  const matter = (
    await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'Estate of Ottoline Marsh' } })
  ).json();
  const contact = (
    await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 'Olive Marsh', email } })
  ).json();
  const party = (
    await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
      as: admin,
      body: { contactId: contact.id, role: 'Client' },
    })
  ).json();
  return { matter, party };
}

describe('email over SMTP', () => {
  it('delivers the invitation; its link signs the client in once', async () => {
    const email = `olive-${randomUUID().slice(0, 8)}@example.test`;
    const { party } = await partyWithEmail(email);
    await env.deps.db.transaction((tx) => createInvitation(tx, env.deps, { firmId, partyId: party.id }));
    expect(await runJobs(env.deps)).toBe(1);
    const [mail] = await smtp.waitFor(email);
    expect(mail!.subject).toBe(
      'Hale & Pardoe LLP has sent you a secure message about Estate of Ottoline Marsh',
    );
    expect(mail!.parsed.from?.text).toContain('portal@hale.test');
    // Sent in the firm's name from MAIL_FROM's address.
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Hale & Pardoe LLP', address: 'portal@hale.test' }]);
    expect(mail!.text).toContain('Estate of Ottoline Marsh');
    expect(mail!.html).toContain('Hale &amp; Pardoe LLP');
    expect(mail!.html).toContain('/portal/sign-in?token=');
    expect(mail!.messageId).toMatch(/@parley\.test>$/);

    const token = tokenFromText(mail!.text);
    const res = await call(env.app, 'POST', '/portal/auth/exchange', { body: { token } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ email, name: 'Olive Marsh' });
    expect((await call(env.app, 'GET', '/portal/me', { as: res.json() })).statusCode).toBe(200);
    expect((await call(env.app, 'POST', '/portal/auth/exchange', { body: { token } })).statusCode).toBe(401);
    // Nothing went to the outbox: SMTP is configured.
    expect(await env.deps.outbox.list()).toEqual([]);
  });

  it('email link and step-up code, end to end as a client', async () => {
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    await partyWithEmail(email);
    expect(
      (await call(env.app, 'POST', '/portal/auth/email-link', { body: { email }, remoteAddress: '10.9.9.9' }))
        .statusCode,
    ).toBe(202);
    await runJobs(env.deps);
    const [linkMail] = await smtp.waitFor(email);
    const session = (
      await call(env.app, 'POST', '/portal/auth/exchange', { body: { token: tokenFromText(linkMail!.text) } })
    ).json();

    await call(env.app, 'POST', '/portal/mfa/challenge', { as: session, body: { channel: 'email' } });
    await runJobs(env.deps);
    const mails = await smtp.waitFor(email, 2);
    const codeMail = mails.find((m) => m.subject.includes('verification code'))!;
    const code = codeFromText(codeMail.text);
    const verified = await call(env.app, 'POST', '/portal/mfa/verify', { as: session, body: { code } });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it('sends each job once: a second worker pass sends nothing more', async () => {
    const email = `once-${randomUUID().slice(0, 8)}@example.test`;
    const { party } = await partyWithEmail(email);
    await env.deps.db.transaction((tx) => createInvitation(tx, env.deps, { firmId, partyId: party.id }));
    await runJobs(env.deps);
    await runJobs(env.deps);
    await new Promise((r) => setTimeout(r, 200));
    expect(await smtp.waitFor(email)).toHaveLength(1);
    // The job row is done, and the sign-in link it carried is no longer in the database.
    const done = await env.deps.db.select().from(jobs).where(eq(jobs.name, 'send-email'));
    expect(done.every((j) => j.doneAt !== null || j.failedAt !== null)).toBe(true);
    expect(JSON.stringify(done.filter((j) => j.doneAt).map((j) => j.payload))).not.toContain('token=');
  });

  it('gives up at once when the server refuses the recipient (5xx)', async () => {
    const email = `bounce-${randomUUID().slice(0, 8)}@example.test`;
    const { party } = await partyWithEmail(email);
    await env.deps.db.transaction((tx) => createInvitation(tx, env.deps, { firmId, partyId: party.id }));
    const gaveUp = expectErrorLogs(/SMTP refused the mail \(550\)/);
    await runJobs(env.deps);
    expect(gaveUp().map((e) => e.msg)).toEqual(['job gave up']);
    // Given up: its payload (a sign-in link) is blanked, so find it by its error.
    const [job] = await env.deps.db
      .select()
      .from(jobs)
      .where(sql`name = 'send-email' and failed_at is not null and last_error like '%550%'`)
      .orderBy(sql`id desc`)
      .limit(1);
    expect(job!.failedAt).not.toBeNull();
    expect(job!.payload).toEqual({ redacted: true });
    expect(job!.attempts).toBe(1);
    expect(job!.lastError).toMatch(/550/);
  });

  it('retries later while the SMTP server is down', async () => {
    const down = await createTestEnv({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    try {
      const seeded = await seedFirm(down.deps);
      const email = `retry-${randomUUID().slice(0, 8)}@example.test`;
      await call(down.app, 'POST', '/contacts', { as: seeded.admin, body: { name: 'R', email } });
      await call(down.app, 'POST', '/portal/auth/email-link', { body: { email } });
      await runJobs(down.deps);
      const [job] = await down.deps.db.select().from(jobs).where(eq(jobs.name, 'send-email'));
      expect(job!.doneAt).toBeNull();
      expect(job!.failedAt).toBeNull();
      expect(job!.lastError).toBeTruthy();
      expect(job!.runAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    } finally {
      await down.close();
    }
  });
});
