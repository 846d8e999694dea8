/**
 * The portal's reply box takes files that cope (#13 item 5): each uploads as soon as it is picked
 * (one progress bar per file, named for it), can be removed or cancelled before Send, is dropped onto
 * the conversation on a laptop, a file over 5 GB is refused in words without a byte uploaded, the
 * typed reply survives a reload, an upload goes on after the network drops, a send after the session
 * ended says so and keeps the reply, and after Send the staff see the files.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { holdUploads } from './support/hold-uploads';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('puploads', { OUTBOX_SHOW_SECRETS: 'true' });
const CLIENT = 'cleo@puploads.test';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${journey.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Ada Staff writes to Cleo Client in an external conversation; Cleo's sign-in link from the outbox. */
async function seed() {
  const { token: admin } = await journey.call<{ token: string }>('/auth/login', journey.admin);
  const post = <T = { id: string }>(path: string, body: unknown) => api<T>('POST', path, admin, body);
  const matter = await post('/matters', { title: 'Estate of Lovelace' });
  const cleo = await post('/contacts', { name: 'Cleo Client', email: CLIENT });
  const party = await post(`/matters/${matter.id}/parties`, { contactId: cleo.id, role: 'Client' });
  const conversation = await post(`/matters/${matter.id}/conversations`, {
    kind: 'external',
    partyIds: [party.id],
    title: 'Your papers',
  });
  await post(`/conversations/${conversation.id}/messages`, { body: 'Please send the lease.' });
  let link: string | undefined;
  await expect
    .poll(async () => {
      const { items } = await api<{ items: { to: string; text: string }[] }>('GET', '/dev/outbox', admin);
      link = items
        .filter((i) => i.to === CLIENT)
        .map((i) => /\/portal\/sign-in\?token=[A-Za-z0-9_%-]+/.exec(i.text)?.[0])
        .find(Boolean);
      return link !== undefined;
    })
    .toBe(true);
  return { admin, link: `${journey.server.url}${link}`, conversationId: conversation.id };
}

let seeded: Awaited<ReturnType<typeof seed>>;
/** Cleo's signed-in browser state (the sign-in link works once). */
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

/** A page signed in as Cleo, at the conversation; the reply box. */
async function openConversation(options: typeof PHONE | typeof DESKTOP) {
  seeded ??= await seed();
  const page = await journey.browser.newPage({ ...options, ...(signedIn ? { storageState: signedIn } : {}) });
  if (!signedIn) {
    await page.goto(seeded.link);
    await page.getByRole('heading', { name: 'Your messages' }).waitFor();
    signedIn = await page.context().storageState();
  }
  await page.goto(`${journey.server.url}/portal/conversations/${seeded.conversationId}`);
  await page.getByRole('heading', { name: 'Your papers' }).waitFor();
  return { page, reply: page.getByRole('form', { name: 'Reply' }) };
}

async function expectFriendly(page: Page) {
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectTouchTargets(page.locator('form.portal-reply button, form.portal-reply textarea'));
  expect(await axeViolations(page)).toEqual([]);
}

/** Drops files built in the page onto the conversation's messages; `size` fakes a file's size. */
async function dropFiles(
  page: Page,
  files: { name: string; text: string; size?: number }[],
  how: 'drop' | 'drag' = 'drop',
) {
  await page.evaluate(
    ({ files, how }) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const file = new File([f.text], f.name, { type: 'text/plain' });
        if (f.size) Object.defineProperty(file, 'size', { value: f.size });
        dt.items.add(file);
      }
      const messages = document.querySelector('.portal-conversation ol.messages') as HTMLElement;
      const types = how === 'drop' ? ['dragenter', 'dragover', 'drop'] : ['dragenter', 'dragover'];
      for (const type of types)
        messages.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { files, how },
  );
}

it('on a phone: a photo or files, each with its own progress bar; remove one, cancel one, the text kept', async () => {
  const { page, reply } = await openConversation(PHONE);
  const photo = reply.getByLabel('Take a photo');
  expect(await photo.getAttribute('accept')).toBe('image/*');
  expect(await photo.getAttribute('capture')).toBe('environment');

  // Typed text survives a reload (the draft is kept per conversation).
  await reply.getByLabel('Your reply').fill('Here is the lease, signed.');
  await page.reload();
  await expect.poll(() => reply.getByLabel('Your reply').inputValue()).toBe('Here is the lease, signed.');

  // Two files, held while they upload: one progress bar each, named for its file.
  const uploads = await holdUploads(page);
  await reply.getByLabel('Choose files').setInputFiles([
    { name: 'lease.txt', mimeType: 'text/plain', buffer: Buffer.from('the lease') },
    { name: 'old-draft.txt', mimeType: 'text/plain', buffer: Buffer.from('an old draft') },
  ]);
  await reply.getByRole('progressbar', { name: 'Uploading lease.txt' }).waitFor();
  await reply.getByRole('progressbar', { name: 'Uploading old-draft.txt' }).waitFor();
  await reply.getByText('0 B of 9 B').waitFor();
  await expectFriendly(page);
  await snapSizes(page, 'portal-uploads-running');

  // Remove one before sending: its row goes. Cancel the other while it runs: it says so.
  await reply.getByRole('button', { name: 'Remove old-draft.txt' }).click();
  await expect.poll(() => reply.getByText('old-draft.txt').count()).toBe(0);
  await reply.getByRole('button', { name: 'Cancel lease.txt' }).click();
  await reply.getByText('Cancelled.').waitFor();
  expect(await reply.getByRole('progressbar').count()).toBe(0);
  await snapSizes(page, 'portal-uploads-cancelled');
  uploads.release();

  // Try again: it uploads.
  await reply.getByRole('button', { name: 'Try again lease.txt' }).click();
  await reply.getByText('Uploaded · 9 B').waitFor();
  await expectFriendly(page);
  await page.close();
});

it('on a laptop: files dropped onto the conversation, one over 5 GB refused in words, sent to the staff', async () => {
  const { page, reply } = await openConversation(DESKTOP);
  await reply.getByLabel('Your reply').fill('The contract and the deed.');

  const created: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/v1/uploads')) created.push(r.url());
  });
  await dropFiles(page, [{ name: 'huge-video.mov', text: 'x', size: 6 * 1024 ** 3 }]);
  await reply.getByText('This file is larger than 5 GB').waitFor();
  expect(created).toEqual([]);
  await snapSizes(page, 'portal-uploads-too-large');
  await reply.getByRole('button', { name: 'Remove huge-video.mov' }).click();

  // The network drops during the first PATCH: tus asks the server where it stopped (HEAD) and
  // goes on from there.
  let dropped = false;
  const heads: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'HEAD' && r.url().includes('/api/v1/uploads/')) heads.push(r.url());
  });
  await page.route('**/api/v1/uploads/**', (route) => {
    if (route.request().method() === 'PATCH' && !dropped) {
      dropped = true;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await dropFiles(page, [
    { name: 'contract.txt', text: 'the contract' },
    { name: 'deed.txt', text: 'the deed' },
  ]);
  await reply.getByText('Uploaded · 12 B').waitFor();
  await reply.getByText('Uploaded · 8 B').waitFor();
  expect(dropped).toBe(true);
  expect(heads.length).toBeGreaterThan(0);
  await page.unroute('**/api/v1/uploads/**');
  const sent = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/portal\/conversations\/[^/]+\/messages$/.test(r.url()),
  );
  await reply.getByRole('button', { name: 'Send reply' }).click();
  expect((await sent).status()).toBe(201);
  await expect.poll(() => reply.getByLabel('Your reply').inputValue()).toBe('');
  await expect.poll(() => reply.getByRole('list', { name: 'Files to send' }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'portal-uploads-sent');

  // The staff see the message with both files.
  const { items } = await api<{
    items: { body: string | null; attachments: { name: string }[] }[];
  }>('GET', `/conversations/${seeded.conversationId}/messages`, seeded.admin);
  const mine = items.find((m) => m.body === 'The contract and the deed.');
  expect(mine?.attachments.map((a) => a.name).sort()).toEqual(['contract.txt', 'deed.txt']);

  // After the send the draft is gone: a reload shows an empty box.
  await page.reload();
  await page.getByRole('heading', { name: 'Your papers' }).waitFor();
  expect(await reply.getByLabel('Your reply').inputValue()).toBe('');
  await page.close();
});

it('a session that ended says so in words, and the reply is kept as the draft', async () => {
  const { page, reply } = await openConversation(DESKTOP);
  await reply.getByLabel('Your reply').fill('Sent after my session ended.');
  await page.context().clearCookies(); // the session cookie is gone: the server answers 401
  const refused = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/portal\/conversations\/[^/]+\/messages$/.test(r.url()),
  );
  await reply.getByRole('button', { name: 'Send reply' }).click();
  expect((await refused).status()).toBe(401);
  await reply
    .getByRole('alert')
    .getByText('Your session ended: sign in again; your reply is kept.')
    .waitFor();
  expect(await reply.getByLabel('Your reply').inputValue()).toBe('Sent after my session ended.');
  expect(await page.evaluate((id) => localStorage.getItem(`parley.draft.${id}`), seeded.conversationId)).toBe(
    'Sent after my session ended.',
  );
  await snapSizes(page, 'portal-uploads-session-ended');
  await page.close();
});

it('in Spanish: the drop hint, the refusal over 5 GB, the progress bar and Cancel', async () => {
  const { page } = await openConversation(PHONE);
  await page.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('es');
  const form = page.getByRole('form', { name: 'Responder' });
  await form.getByRole('button', { name: 'Elegir archivos' }).waitFor();
  await form.getByRole('button', { name: 'Tomar una foto' }).waitFor();

  await page.setViewportSize(DESKTOP.viewport);
  await dropFiles(page, [{ name: 'carta.txt', text: 'carta' }], 'drag');
  await form.getByText('Suelte los archivos aquí para añadirlos a su respuesta').waitFor();
  await snapSizes(page, 'portal-uploads-drag-es');
  await dropFiles(page, [{ name: 'video.mov', text: 'x', size: 6 * 1024 ** 3 }]);
  await form.getByText('Este archivo pesa más de 5 GB').waitFor();

  const uploads = await holdUploads(page);
  await dropFiles(page, [{ name: 'carta.txt', text: 'carta' }]);
  await form.getByRole('progressbar', { name: 'Subiendo carta.txt' }).waitFor();
  await form.getByText('0 B de 5 B').waitFor();
  await page.setViewportSize(PHONE.viewport);
  await expectFriendly(page);
  await snapSizes(page, 'portal-uploads-es');
  await form.getByRole('button', { name: 'Cancelar carta.txt' }).click();
  await form.getByText('Cancelado.').waitFor();
  uploads.release();
  expect(await noSidewaysScroll(page)).toBe(true);
  await page.close();
});
