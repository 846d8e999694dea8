/**
 * Sessions people can see (#17 item 3): a staff member signed in on a phone and a laptop ends the
 * phone's session from the laptop's Sessions page, and the phone is sent to sign-in at once (its
 * socket closes); an admin ends a staff member's sessions from the Staff page; a client does the
 * same from the portal's Security page. Each screen at 390×844 and 1280×800, axe clean.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { matterWithClient, okJson, SIGN_IN_LINK } from './support/demo';
import { signInStaff, useJourney } from './support/journey';

const journey = useJourney('sessions', { OUTBOX_SHOW_SECRETS: 'true' });
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

/** A phone with an Android Chrome user agent, in its own browser context (its own cookies). */
const androidPhone = (browser: Browser, baseURL: string): Promise<Page> =>
  browser.newPage({
    baseURL,
    userAgent: ANDROID,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
const laptop = (browser: Browser, baseURL: string): Promise<Page> =>
  browser.newPage({ baseURL, viewport: { width: 1280, height: 800 } });

it('a staff member ends the session on their phone from the laptop, and the phone is signed out', async () => {
  const url = journey.server.url;
  const phone = await androidPhone(journey.browser, url);
  const desk = await laptop(journey.browser, url);
  await journey.signIn(phone);
  await journey.signIn(desk);

  await desk.getByRole('link', { name: 'Security' }).click();
  const sessions = desk.getByRole('region', { name: 'Sessions' });
  await sessions.getByText('Chrome on Android').waitFor();
  await sessions.getByText('This session').waitFor();
  await sessions
    .getByText(/IP 127\.0\.0\.1/)
    .first()
    .waitFor();
  expect(await axeViolations(desk)).toEqual([]);
  await snapSizes(desk, 'staff-sessions');

  const ended = desk.waitForResponse(
    (r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/me/sessions/'),
  );
  await sessions.getByRole('button', { name: 'End the session on Chrome on Android' }).click();
  expect((await ended).status()).toBe(204);
  await sessions.getByRole('status').getByText('That session is ended.').waitFor();
  await sessions.getByText('You are signed in nowhere else.').waitFor();
  // The phone did nothing: its socket closed and it shows the sign-in form.
  await phone.getByRole('button', { name: 'Sign in' }).waitFor();
  await desk.getByRole('heading', { name: 'Sessions' }).waitFor(); // the laptop is still signed in
  expect(await (await desk.request.get('/api/v1/me')).status()).toBe(200);
  await desk.close();
  await phone.close();
});

it('an admin ends a staff member’s sessions from the Staff page', async () => {
  const url = journey.server.url;
  const desk = await laptop(journey.browser, url);
  await journey.signIn(desk);
  const member = { email: 'bea@sessions.test', password: 'bea long password 1' };
  await okJson(
    await desk.request.post('/api/v1/staff', {
      headers: { origin: url },
      data: { name: 'Bea Barrister', email: member.email, role: 'staff', password: member.password },
    }),
  );
  const bea = await androidPhone(journey.browser, url);
  await signInStaff(bea, member);

  await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).click();
  await desk.getByRole('button', { name: 'Sessions: Bea Barrister' }).click();
  const dialog = desk.getByRole('dialog', { name: 'Bea Barrister: sessions' });
  await dialog.getByText('Chrome on Android').waitFor();
  expect(await axeViolations(desk)).toEqual([]);
  await snapSizes(desk, 'staff-admin-sessions');
  await dialog.getByRole('button', { name: 'End all of Bea Barrister’s sessions' }).click();
  await dialog.getByRole('status').getByText('Bea Barrister is signed out everywhere.').waitFor();
  await dialog.getByText('Bea Barrister is not signed in anywhere.').waitFor();
  await bea.getByRole('button', { name: 'Sign in' }).waitFor();
  await desk.close();
  await bea.close();
});

/** Sign-in links to `to` in the outbox, newest first as the outbox lists them. */
async function signInLinks(staff: Page, to: string): Promise<string[]> {
  const { items } = await okJson<{ items: { to: string; text: string }[] }>(
    await staff.request.get('/api/v1/dev/outbox'),
  );
  return items
    .filter((i) => i.to === to)
    .map((i) => SIGN_IN_LINK.exec(i.text)?.[1])
    .filter((l): l is string => Boolean(l))
    .map((l) => l.replace(/^https?:\/\/[^/]+/, journey.server.url));
}

/** The client asks for a link on `page` and follows the new one (not one of `used`). */
async function clientSignsIn(page: Page, staff: Page, email: string, used: string[]): Promise<string> {
  await okJson(
    await page.request.post('/api/v1/portal/auth/email-link', {
      headers: { origin: journey.server.url },
      data: { email },
    }),
  );
  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await signInLinks(staff, email)).find((l) => !used.includes(l));
      return link;
    })
    .toBeTruthy();
  await page.goto(link!);
  await page.getByRole('heading', { name: 'Your messages' }).waitFor();
  const got = page.getByRole('button', { name: 'Got it' });
  if (await got.count()) await got.click();
  return link!;
}

it('a client ends the session on their phone from the portal’s Security page', async () => {
  const url = journey.server.url;
  const staff = await laptop(journey.browser, url);
  await journey.signIn(staff);
  const email = 'grace@client.test';
  await matterWithClient(staff, url, { title: 'Elm Street', name: 'Grace Hopper', email });
  const phone = await androidPhone(journey.browser, url);
  const desk = await laptop(journey.browser, url);
  const first = await clientSignsIn(phone, staff, email, []);
  await clientSignsIn(desk, staff, email, [first]);

  await desk.getByRole('link', { name: 'Security' }).click();
  const sessions = desk.getByRole('region', { name: 'Sessions' });
  await sessions.getByText('Chrome on Android').waitFor();
  await sessions.getByText('This device').waitFor();
  expect(await axeViolations(desk)).toEqual([]);
  await snapSizes(desk, 'portal-sessions');

  await sessions.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await sessions.getByRole('status').getByText('You are signed out everywhere else.').waitFor();
  await phone.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
  await desk.getByRole('heading', { name: 'Sessions' }).waitFor();

  // The same page in Spanish.
  await desk.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('es');
  const sesiones = desk.getByRole('region', { name: 'Sesiones' });
  await sesiones.getByText('Este dispositivo').waitFor();
  expect(await axeViolations(desk)).toEqual([]);
  await snapSizes(desk, 'portal-sessions-es');
});
