/**
 * Issue 13 item 7, DESIGN.md rule 17: a client's language. `PATCH /portal/me {locale}` remembers it
 * (null until chosen), and their emails and SMS are written in it; real SMTP on loopback, as a
 * client reads them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type SeededStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';
import { runJobs, tokenFromText } from './support/jobs';
import { startSmtp, type TestSmtp } from './support/smtp';

let smtp: TestSmtp;
let env: TestEnv;
let admin: SeededStaff;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ env, admin } = await createFirmEnv({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Hale & Pardoe <portal@hale.test>' },
    firmName: 'Hale & Pardoe LLP',
  }));
});
afterAll(async () => {
  await env.close();
  await smtp.close();
});

/** A client on a matter, signed in through an emailed link: their session and the matter's ids. */
async function signedInClient(mobile?: string) {
  const email = `rosa-${randomUUID().slice(0, 8)}@example.test`;
  const matter = (
    await call(env.app, 'POST', '/matters', { as: admin, body: { title: 'Herencia Marsh' } })
  ).json();
  const contact = (
    await call(env.app, 'POST', '/contacts', { as: admin, body: { name: 'Rosa Díaz', email, mobile } })
  ).json();
  const party = (
    await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
      as: admin,
      body: { contactId: contact.id, role: 'Client' },
    })
  ).json();
  await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } });
  await runJobs(env.deps);
  const [mail] = await smtp.waitFor(email);
  const session = (
    await call(env.app, 'POST', '/portal/auth/exchange', { body: { token: tokenFromText(mail!.text) } })
  ).json();
  return { email, matter, party, session };
}

describe('a client’s language', () => {
  it('is null until chosen, then kept: PATCH /portal/me {locale}', async () => {
    const { session } = await signedInClient();
    expect((await call(env.app, 'GET', '/portal/me', { as: session })).json().locale).toBeNull();
    const changed = await call(env.app, 'PATCH', '/portal/me', { as: session, body: { locale: 'es' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().locale).toBe('es');
    expect((await call(env.app, 'GET', '/portal/me', { as: session })).json()).toMatchObject({
      locale: 'es',
      name: 'Rosa Díaz',
    });
    // A language the portal does not speak is refused in words, and nothing changes.
    const refused = await call(env.app, 'PATCH', '/portal/me', { as: session, body: { locale: 'fr' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('body.locale');
    expect((await call(env.app, 'GET', '/portal/me', { as: session })).json().locale).toBe('es');
    // Staff and strangers cannot set it.
    expect(
      (await call(env.app, 'PATCH', '/portal/me', { as: admin, body: { locale: 'es' } })).statusCode,
    ).toBe(401);
    expect((await call(env.app, 'PATCH', '/portal/me', { body: { locale: 'es' } })).statusCode).toBe(401);
  });
});
