/**
 * A new client's whole first visit, as one journey (#13 item 10), on a phone and on a laptop:
 * the invitation email → its guide link → the guide → the invitation's sign-in link → the welcome →
 * the conversation → a protected message unlocked in place with the emailed code → a PDF (page by
 * page) and an image previewed in the portal and Back → a reply with two files, one cancelled while
 * it uploads → the language switched to Spanish → the next message's email comes in Spanish.
 * axe on every step; a screenshot of every step (e2e/artifacts/, at 390 and 1280 px).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { png, twoPagePdf } from './support/files';
import { holdUploads } from './support/hold-uploads';
import { useJourney } from './support/journey';
import { noSidewaysScroll } from './support/layout';

const FIRM = 'Lovelace & Partners';
const journey = useJourney('client-journey', {
  OUTBOX_SHOW_SECRETS: 'true',
  FIRM_NAME: FIRM,
  // The "new message" email follows 1.2 s after a message the client has not read.
  NOTIFY_QUIET_MINUTES: '0.02',
});
const SECRET = 'The settlement offer is 48,000.';

async function step(page: Page, name: string, phone: boolean) {
  expect(await axeViolations(page)).toEqual([]);
  if (phone) expect(await noSidewaysScroll(page)).toBe(true);
  await snapSizes(page, `client-journey-${phone ? 'phone' : 'laptop'}-${name}`, { fullPage: false });
}

for (const phone of [true, false])
  it(`${phone ? 'on a phone' : 'on a laptop'}: invitation → guide → sign-in → unlock → previews → reply with files → Spanish`, async () => {
    const url = journey.server.url;
    const staff = await journey.browser.newPage({ baseURL: url });
    await journey.signIn(staff);
    const email = `grace-${phone ? 'phone' : 'laptop'}@journey.test`;
    const m = await matterWithClient(staff, url, { title: 'Elm Street lease', name: 'Grace Hopper', email });
    const upload = async (name: string, mimeType: string, buffer: Buffer) =>
      (
        await okJson<{ items: { id: string }[] }>(
          await staff.request.post(`/api/v1/matters/${m.matterId}/documents`, {
            ...m.write,
            multipart: { file: { name, mimeType, buffer } },
          }),
        )
      ).items[0]!.id;
    const pdf = await upload('Lease.pdf', 'application/pdf', await twoPagePdf('Lease'));
    const image = await upload('Site plan.png', 'image/png', png(60, 40, [160, 82, 45]));
    const first = await okJson<{ conversation: { id: string } }>(
      await staff.request.post(`/api/v1/matters/${m.matterId}/messages`, {
        ...m.write,
        data: {
          partyIds: [m.partyId],
          body: 'Here are the lease and the site plan.',
          attachments: [{ documentId: pdf }, { documentId: image }],
        },
      }),
    );
    const conversationId = first.conversation.id;
    const post = async (data: Record<string, unknown>) =>
      okJson(
        await staff.request.post(`/api/v1/conversations/${conversationId}/messages`, { ...m.write, data }),
      );
    await post({ body: SECRET, requireMfa: true });

    // The invitation email: its guide link, then its sign-in link.
    const guideLink = await fromOutbox(staff, url, email, /New to the portal\? Read the guide: (\S+)/);
    const signInLink = await fromOutbox(staff, url, email, SIGN_IN_LINK);
    const client = phone
      ? await phonePage(journey.browser, url)
      : await journey.browser.newPage({ baseURL: url, viewport: { width: 1280, height: 800 } });
    await client.goto(guideLink);
    await client.getByRole('heading', { level: 1, name: `How to use the ${FIRM} client portal` }).waitFor();
    await client.getByRole('heading', { level: 2, name: 'Protected messages and the code' }).waitFor();
    await step(client, '1-guide', phone);

    await client.goto(signInLink);
    await client.getByRole('heading', { name: 'Your messages' }).waitFor();
    await client.getByRole('button', { name: 'Got it' }).waitFor();
    await step(client, '2-welcome', phone);
    await client.getByRole('button', { name: 'Got it' }).click();

    // The conversation: the first message, and the protected one locked where it is.
    const read = client.waitForResponse(
      (r) =>
        r.request().method() === 'POST' && r.url().endsWith(`/portal/conversations/${conversationId}/read`),
    );
    await client
      .getByRole('region', { name: 'Conversations' })
      .getByRole('link', { name: /Elm Street lease/ })
      .click();
    await client.getByText('Here are the lease and the site plan.').waitFor();
    expect((await read).status()).toBe(204);
    const locked = client.getByRole('region', { name: 'Protected message' });
    expect(await client.content()).not.toContain(SECRET);
    await locked.getByRole('button', { name: 'Email me a code' }).scrollIntoViewIfNeeded();
    await step(client, '3-locked', phone);
    await locked.getByRole('button', { name: 'Email me a code' }).click();
    const code = await fromOutbox(
      staff,
      url,
      email,
      /client portal to open a protected message:[\s\S]*?^ {4}(\d{6})$/m,
    );
    await locked.getByLabel('Code').fill(code);
    await locked.getByRole('button', { name: 'Unlock' }).click();
    await client.getByText(SECRET).waitFor();
    await step(client, '4-unlocked', phone);

    // Previews: the PDF page by page, then the image; Back returns to the conversation.
    const chip = (name: string) =>
      client.locator('.message a.chip[href*="/conversations/"]').filter({ hasText: name });
    await chip('Lease.pdf').click();
    const viewer = client.getByRole('dialog');
    await viewer.getByText('Page 1 of 2').waitFor();
    await viewer.getByRole('button', { name: 'Next page' }).click();
    await viewer.getByText('Page 2 of 2').waitFor();
    await step(client, '5-pdf', phone);
    await viewer.getByRole('button', { name: /Back/ }).click();
    await expect.poll(() => client.getByRole('dialog').count()).toBe(0);
    await chip('Site plan.png').click();
    const img = client.getByRole('dialog').locator('img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(60);
    await step(client, '6-image', phone);
    await client.getByRole('dialog').getByRole('button', { name: /Back/ }).click();
    await expect.poll(() => client.getByRole('dialog').count()).toBe(0);
    expect(new URL(client.url()).pathname).toBe(`/portal/conversations/${conversationId}`);

    // A reply with two files; one is cancelled while it uploads, the other goes.
    const reply = client.getByRole('form', { name: 'Reply' });
    await reply.getByLabel('Your reply').fill('Signed lease attached.');
    const held = await holdUploads(client);
    await reply.getByLabel('Choose files').setInputFiles([
      { name: 'signed-lease.txt', mimeType: 'text/plain', buffer: Buffer.from('signed by Grace') },
      { name: 'wrong-file.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
    ]);
    await reply.getByRole('progressbar', { name: 'Uploading wrong-file.txt' }).waitFor();
    await reply.getByRole('button', { name: 'Cancel wrong-file.txt' }).click();
    await reply.getByText('Cancelled.').waitFor();
    await step(client, '7-one-cancelled', phone);
    held.release();
    await reply.getByText('Uploaded · 15 B').waitFor();
    await reply.getByRole('button', { name: 'Remove wrong-file.txt' }).click();
    const sent = client.waitForResponse(
      (r) =>
        r.request().method() === 'POST' &&
        r.url().endsWith(`/portal/conversations/${conversationId}/messages`),
    );
    await reply.getByRole('button', { name: 'Send reply' }).click();
    expect((await sent).status()).toBe(201);
    await client.getByRole('list', { name: 'Messages' }).getByText('Signed lease attached.').waitFor();
    await step(client, '8-replied', phone);
    const staffView = await okJson<{ items: { body: string | null; attachments: { name: string }[] }[] }>(
      await staff.request.get(`/api/v1/conversations/${conversationId}/messages?limit=50`),
    );
    const theirs = staffView.items.find((i) => i.body === 'Signed lease attached.')!;
    expect(theirs.attachments.map((a) => a.name)).toEqual(['signed-lease.txt']);

    // Spanish: chosen in the top bar, remembered by the server; the next message's email is Spanish.
    const chosen = client.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/portal/me'),
    );
    await client.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('es');
    expect((await chosen).status()).toBe(200);
    await client.getByRole('link', { name: '← Todas las conversaciones' }).click();
    await client.getByRole('heading', { name: 'Sus mensajes' }).waitFor();
    await step(client, '9-spanish', phone);
    await post({ body: 'We filed it with the court.' });
    await fromOutbox(staff, url, email, /(le ha enviado un mensaje nuevo sobre «Elm Street lease»)/);
    const { items } = await okJson<{ items: { to: string; subject?: string; text: string }[] }>(
      await staff.request.get('/api/v1/dev/outbox'),
    );
    expect(items.filter((i) => i.to === email).map((i) => i.subject)).toContain(
      `Nuevo mensaje seguro de ${FIRM} sobre Elm Street lease`,
    );
    await client.close();
    await staff.close();
  });
