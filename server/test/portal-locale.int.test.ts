/**
 * Issue 13 item 7, DESIGN.md rule 17: a client's language. `PATCH /portal/me {locale}` remembers it
 * (null until chosen), and their emails and SMS are written in it; real SMTP on loopback, as a
 * client reads them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type SeededStaff, type TestEnv } from './helpers';
import { createFirmEnv } from './support/firm-env';
import { codeFromText, runJobs, tokenFromText } from './support/jobs';
import { startSmtp, type TestSmtp } from './support/smtp';

let smtp: TestSmtp;
let env: TestEnv;
let admin: SeededStaff;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ env, admin } = await createFirmEnv({
    // SMS go to the outbox (no provider here); new-message emails are due after 0.6 s.
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Hale & Pardoe <portal@hale.test>', NOTIFY_QUIET_MINUTES: '0.01' },
    firmName: 'Hale & Pardoe LLP',
  }));
});
afterAll(async () => {
  await env.close();
  await smtp.close();
});

/** A matter with one client party (a new contact). */
async function clientOnMatter(title: string, contact: { name: string; email: string; mobile?: string }) {
  const matter = (await call(env.app, 'POST', '/matters', { as: admin, body: { title } })).json();
  const { id: contactId } = (await call(env.app, 'POST', '/contacts', { as: admin, body: contact })).json();
  const party = (
    await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
      as: admin,
      body: { contactId, role: 'Client' },
    })
  ).json();
  return { matter, party };
}

/** A client on a matter, signed in through an emailed link: their session and the matter's ids. */
async function signedInClient(mobile?: string) {
  const email = `rosa-${randomUUID().slice(0, 8)}@example.test`;
  const { matter, party } = await clientOnMatter('Herencia Marsh', { name: 'Rosa Díaz', email, mobile });
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

  it('writes a Spanish client’s emails and SMS in Spanish: sign-in link, code, message SMS, new-message email', async () => {
    const { email, matter, party, session } = await signedInClient('+14155550142');
    await call(env.app, 'PATCH', '/portal/me', { as: session, body: { locale: 'es' } });

    // The sign-in link.
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } });
    await runJobs(env.deps);
    const link = (await smtp.waitFor(email, 2)).at(-1)!;
    expect(link.subject).toBe('Su enlace de acceso al portal del cliente de Hale & Pardoe LLP');
    expect(link.text).toContain('Hola, Rosa Díaz:');
    expect(link.text).toContain('Iniciar sesión en el portal del cliente: ');
    expect(link.text).toContain('¿Es nuevo en el portal? Lea la guía:');
    expect(link.html).toContain('<html lang="es">');
    expect(tokenFromText(link.text)).not.toBe('');

    // The step-up code, by email and by SMS.
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: session, body: { channel: 'email' } });
    await runJobs(env.deps);
    const code = (await smtp.waitFor(email, 3)).at(-1)!;
    expect(code.subject).toMatch(
      /^\d{6} es su código de verificación para el portal del cliente de Hale & Pardoe LLP$/,
    );
    expect(code.text).toContain('Escriba este código en el portal del cliente de Hale & Pardoe LLP');
    expect(codeFromText(code.text)).toMatch(/^\d{6}$/);
    await call(env.app, 'POST', '/portal/mfa/challenge', { as: session, body: { channel: 'sms' } });
    await runJobs(env.deps);
    const smsTo = async () =>
      (await env.deps.outbox.list()).filter((i) => i.channel === 'sms' && i.to === '+14155550142');
    expect((await smsTo()).map((i) => i.text).join('\n')).toMatch(
      /es su código de verificación del portal del cliente\. Caduca en 10 minutos\./,
    );

    // A message sent as SMS, then its new-message email once the quiet period passed unread.
    const sent = await call(env.app, 'POST', `/matters/${matter.id}/messages`, {
      as: admin,
      body: { partyIds: [party.id], body: 'Necesitamos su firma antes del viernes.', sendAsSms: true },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    await runJobs(env.deps);
    const texts = (await smsTo()).map((i) => i.text);
    expect(
      texts.some((t) =>
        t.startsWith('Hale & Pardoe LLP: Necesitamos su firma antes del viernes.\nLéalo y responda: '),
      ),
    ).toBe(true);
    await expect
      .poll(
        async () => {
          await runJobs(env.deps);
          return smtp.received.filter((m) => m.to.includes(email)).map((m) => m.subject);
        },
        { timeout: 15_000 },
      )
      .toContain('Nuevo mensaje seguro de Hale & Pardoe LLP sobre Herencia Marsh');
    const notice = smtp.received.find((m) => m.subject.startsWith('Nuevo mensaje seguro'))!;
    expect(notice.text).toContain('Por su privacidad, el mensaje no se incluye en este correo.');
    expect(notice.text).not.toContain('Necesitamos su firma');
  });

  it('writes to someone who never chose in the firm’s default language, and to an English chooser in English', async () => {
    const { email, session } = await signedInClient();
    await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } });
    await runJobs(env.deps);
    expect((await smtp.waitFor(email, 2)).at(-1)!.subject).toBe(
      'Your sign-in link for the Hale & Pardoe LLP client portal',
    );
    // The firm writes in Spanish by default: a new client's invitation is in Spanish.
    expect(
      (await call(env.app, 'PATCH', '/firm', { as: admin, body: { defaultLocale: 'es' } })).statusCode,
    ).toBe(200);
    try {
      const newcomer = `nuevo-${randomUUID().slice(0, 8)}@example.test`;
      const { matter, party } = await clientOnMatter('Compraventa Olmo', {
        name: 'Luis Olmo',
        email: newcomer,
      });
      await call(env.app, 'POST', `/matters/${matter.id}/messages`, {
        as: admin,
        body: { partyIds: [party.id], body: 'Hola' },
      });
      await runJobs(env.deps);
      const [invitation] = await smtp.waitFor(newcomer);
      expect(invitation!.subject).toBe(
        'Hale & Pardoe LLP le ha enviado un mensaje seguro sobre Compraventa Olmo',
      );
      expect(invitation!.text).toContain('Abrir el portal del cliente: ');
      // Who chose English keeps English.
      await call(env.app, 'PATCH', '/portal/me', { as: session, body: { locale: 'en' } });
      await call(env.app, 'POST', '/portal/auth/email-link', { body: { email } });
      await runJobs(env.deps);
      expect((await smtp.waitFor(email, 3)).at(-1)!.subject).toBe(
        'Your sign-in link for the Hale & Pardoe LLP client portal',
      );
    } finally {
      await call(env.app, 'PATCH', '/firm', { as: admin, body: { defaultLocale: 'en' } });
    }
  });
});
