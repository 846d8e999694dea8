/**
 * The portal in Spanish (#13 item 7) on a phone: a client whose browser is English switches the
 * language in the top bar; the home page and a conversation are in Spanish (plural unread count,
 * times through Intl), the choice survives a reload and a new browser (the server keeps it:
 * PATCH /portal/me), and the next sign-in email is written in Spanish.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('portal-spanish', {
  OUTBOX_SHOW_SECRETS: 'true',
  FIRM_NAME: 'Lovelace & Partners',
});

const EMAIL = 'rosa@client.test';
/** The Spanish sign-in email's link (the invitation before it is in English: the firm's default). */
const SPANISH_LINK = /Hola, Rosa Díaz:[\s\S]*?(http\S+\/portal\/sign-in\?token=[A-Za-z0-9_%-]+)/;

async function expectPhoneFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(page.locator('header a, header button, header select, main a, main button'));
  const boxes = await page
    .locator('header > *')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0));
  expect(Math.max(...boxes.map((b) => b.top))).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)));
}

it('a client switches the portal to Spanish on a phone; it stays Spanish and so do their emails', async () => {
  const url = journey.server.url;
  const staff = await journey.browser.newPage({ baseURL: url });
  await journey.signIn(staff);
  const { write, matterId, partyId } = await matterWithClient(staff, url, {
    title: 'Herencia Marsh',
    name: 'Rosa Díaz',
    email: EMAIL,
    mobile: '+14155550177',
  });
  const first = await okJson(
    await staff.request.post(`/api/v1/matters/${matterId}/messages`, {
      ...write,
      data: { partyIds: [partyId], body: 'Buenos días, le enviamos el borrador del testamento.' },
    }),
  );
  await okJson(
    await staff.request.post(`/api/v1/conversations/${first.conversation!.id}/messages`, {
      ...write,
      data: { body: '¿Podría revisarlo antes del viernes?' },
    }),
  );
  await okJson(
    await staff.request.post(`/api/v1/conversations/${first.conversation!.id}/messages`, {
      ...write,
      data: { body: 'La clave de la caja fuerte es Roble Azul.', requireMfa: true },
    }),
  );

  // The invitation, in the firm's default language (English), signs her in: the portal is English.
  const client = await phonePage(journey.browser, url);
  await client.goto(await fromOutbox(staff, url, EMAIL, SIGN_IN_LINK));
  await client.getByRole('heading', { name: 'Your messages' }).waitFor();
  expect(await client.evaluate(() => document.documentElement.lang)).toBe('en');

  // The language switch in the top bar: named, and on a phone.
  const chosen = client.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/portal/me'),
  );
  await client.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('es');
  expect((await chosen).status()).toBe(200);
  await client.getByRole('heading', { name: 'Sus mensajes' }).waitFor();
  expect(await client.evaluate(() => document.documentElement.lang)).toBe('es');
  const conversations = client.getByRole('region', { name: 'Conversaciones' });
  const row = conversations.getByRole('link', { name: /Herencia Marsh/ });
  // Two unread, with Spanish plural words for a screen reader; the time in Spanish (24 h).
  expect(await row.locator('.badge').textContent()).toBe('3 no leídos');
  expect(await row.locator('time').textContent()).toMatch(/^\d{1,2}:\d{2}$/);
  await client.getByRole('region', { name: 'Compartido con usted' }).waitFor();
  await client.getByRole('banner').getByRole('link', { name: 'Guía' }).waitFor();
  await client.getByRole('banner').getByRole('button', { name: 'Salir' }).waitFor();
  expect(await client.getByRole('banner').getByRole('combobox', { name: 'Idioma' }).inputValue()).toBe('es');
  expect(await axeViolations(client)).toEqual([]);
  await expectPhoneFriendly(client);
  await snapSizes(client, 'portal-spanish-home');

  // A conversation in Spanish.
  await row.click();
  await client.getByRole('heading', { name: 'Personas en esta conversación' }).waitFor();
  await client.getByText('¿Podría revisarlo antes del viernes?').waitFor();
  await client.getByRole('link', { name: '← Todas las conversaciones' }).waitFor();
  await client.getByLabel('Su respuesta').waitFor();
  await client.getByRole('button', { name: 'Enviar respuesta' }).waitFor();
  await client.getByRole('list', { name: 'Mensajes' }).getByRole('listitem').first().waitFor();
  // The protected message, unlocked in Spanish: the code comes by a Spanish email; a wrong one is
  // refused in Spanish.
  const locked = client.getByRole('region', { name: 'Mensaje protegido' });
  await locked.getByText('Este mensaje está protegido.').waitFor();
  await locked.getByRole('button', { name: 'Enviarme un código por correo' }).click();
  await locked
    .getByText('Le enviamos un código de verificación de 6 dígitos por correo electrónico.')
    .waitFor();
  const code = await fromOutbox(staff, url, EMAIL, /Escriba este código en el portal[\s\S]*?^ {4}(\d{6})$/m);
  const wrong = code === '000000' ? '111111' : '000000';
  await locked.getByLabel('Código').fill(wrong);
  await locked.getByRole('button', { name: 'Desbloquear' }).click();
  await locked.getByText('Ese código no es correcto, ha caducado o ya se utilizó. Pida uno nuevo.').waitFor();
  await locked.getByLabel('Código').fill(code);
  await locked.getByRole('button', { name: 'Desbloquear' }).click();
  await client.getByText('La clave de la caja fuerte es Roble Azul.').waitFor();
  expect(await axeViolations(client)).toEqual([]);
  await expectPhoneFriendly(client);
  await snapSizes(client, 'portal-spanish-conversation');

  // A reload keeps it, and so does a browser that never chose (the server remembers).
  await client.reload();
  await client.getByRole('heading', { name: 'Personas en esta conversación' }).waitFor();

  // The guide in Spanish, from the top bar.
  await client.getByRole('banner').getByRole('link', { name: 'Guía' }).click();
  await client
    .getByRole('heading', { name: 'Cómo usar el portal del cliente de Lovelace & Partners' })
    .waitFor();
  await client.getByRole('navigation', { name: 'En esta página' }).waitFor();
  await client.getByRole('heading', { name: /Mensajes protegidos y el código de verificación/ }).waitFor();
  expect(await axeViolations(client)).toEqual([]);
  expect(await noSidewaysScroll(client)).toBe(true);
  await snapSizes(client, 'portal-spanish-guide', { fullPage: false });
  await client.getByRole('link', { name: 'Volver a sus mensajes' }).click();
  await client.getByRole('heading', { name: 'Sus mensajes' }).waitFor();

  // Signed out, the sign-in page is in Spanish; the link she asks for comes in Spanish.
  await client.getByRole('banner').getByRole('button', { name: 'Salir' }).click();
  await client
    .getByRole('heading', { name: 'Inicie sesión en el portal del cliente de Lovelace & Partners' })
    .waitFor();
  await client.getByLabel('Correo electrónico').fill(EMAIL);
  await client.getByRole('button', { name: 'Enviarme un enlace de acceso' }).click();
  await client.getByText('Si conocemos esta dirección').waitFor();
  await snapSizes(client, 'portal-spanish-sign-in');
  const spanishLink = await fromOutbox(staff, url, EMAIL, SPANISH_LINK);
  const mail = (
    await okJson<{ items: { to: string; subject?: string; text: string }[] }>(
      await staff.request.get('/api/v1/dev/outbox'),
    )
  ).items.find((i) => i.to === EMAIL && i.text.includes('Hola, Rosa Díaz:'))!;
  expect(mail.subject).toBe('Su enlace de acceso al portal del cliente de Lovelace & Partners');
  expect(mail.text).toContain('Iniciar sesión en el portal del cliente: ');

  const fresh = await phonePage(journey.browser, url);
  await fresh.goto(spanishLink);
  await fresh.getByRole('heading', { name: 'Sus mensajes' }).waitFor();
  await fresh.close();

  // A message sent as SMS: the text is in Spanish, and its quick-reply page, opened on a phone that
  // never chose a language, speaks hers.
  await okJson(
    await staff.request.post(`/api/v1/conversations/${first.conversation!.id}/messages`, {
      ...write,
      data: { body: 'Le esperamos el lunes a las diez.', sendAsSms: true },
    }),
  );
  const quickLink = await fromOutbox(
    staff,
    url,
    '+14155550177',
    /Le esperamos el lunes a las diez\.\nLéalo y responda: (http\S+\/r\/[A-Za-z0-9_-]+)/,
  );
  const quick = await phonePage(journey.browser, url);
  await quick.goto(quickLink);
  await quick.getByText('Mensajes de Lovelace & Partners sobre').waitFor();
  await quick.getByRole('heading', { name: 'Herencia Marsh' }).waitFor();
  await quick.getByRole('link', { name: 'Inicie sesión para ver los archivos' }).waitFor();
  await quick.getByRole('textbox', { name: 'Respuesta' }).waitFor();
  await quick.getByRole('button', { name: 'Enviar respuesta' }).waitFor();
  expect(await quick.evaluate(() => document.documentElement.lang)).toBe('es');
  expect(await axeViolations(quick)).toEqual([]);
  expect(await noSidewaysScroll(quick)).toBe(true);
  await snapSizes(quick, 'quick-reply-spanish');
  await quick.close();
  await client.close();
  await staff.close();
});
