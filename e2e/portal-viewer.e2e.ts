/**
 * The portal's in-portal viewer (#13 item 4), on a phone and a laptop. Staff send a real two-page
 * PDF (made here with pdf-lib), a PNG, a .txt, a .wav and a .docx-named file; the client opens each from the
 * conversation: the PDF page by page ("Page 1 of 2", Next, Zoom in) fitting the phone's width, the
 * image, the text, a WAV that plays, and for the Word file its type in words, its size and a Download that saves it
 * under its own name (spaces, accents and quotes). Back and Escape return to the conversation at the
 * same place with the focus on the file's chip; a reload keeps the viewer; "Shared with you" opens a
 * shared file in the viewer and Back returns home; a protected message's file asks for the step-up.
 * No page ever sends the top frame to an /api/ address.
 */
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { fromOutbox, matterWithClient, okJson, phonePage, SIGN_IN_LINK } from './support/demo';
import { png, twoPagePdf } from './support/files';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('viewer', { OUTBOX_SHOW_SECRETS: 'true', FIRM_NAME: 'Lovelace & Partners' });

const FILES = {
  pdf: 'Engagement letter.pdf',
  png: 'Site plan.png',
  txt: 'Hearing notes.txt',
  docx: 'Draft "final" résumé.docx',
  wav: 'Voicemail.wav',
};
const NOTES = 'Bring the signed lease and two forms of ID to the hearing.';
/** The viewer is a full-window layer: the window is what the client sees. */
const WINDOW = { fullPage: false };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A real half-second WAV (8 kHz, 8-bit mono PCM, a 440 Hz tone). */
function wav(): Buffer {
  const samples = Buffer.from(
    Array.from({ length: 4000 }, (_, i) => 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / 8000))),
  );
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

async function seed(staff: Page) {
  const url = journey.server.url;
  const m = await matterWithClient(staff, url, {
    title: 'Elm Street',
    name: 'Grace Hopper',
    email: 'grace@viewer.test',
  });
  const docx = Buffer.from('PK\u0003\u0004 not really a Word file');
  // Multipart sends a quote as %22 (HTML's form encoding), kept as sent: the name is set by JSON.
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    const { items } = await okJson<{ items: { id: string }[] }>(
      await staff.request.post(`/api/v1/matters/${m.matterId}/documents`, {
        ...m.write,
        multipart: { file: { name: 'upload', mimeType, buffer } },
      }),
    );
    const id = items[0]!.id;
    await okJson(await staff.request.patch(`/api/v1/documents/${id}`, { ...m.write, data: { name } }));
    return id;
  };
  const ids = {
    pdf: await upload(FILES.pdf, 'application/pdf', await twoPagePdf('Engagement letter')),
    png: await upload(FILES.png, 'image/png', png(120, 80, [47, 111, 179])),
    txt: await upload(FILES.txt, 'text/plain', Buffer.from(`${NOTES}\n`)),
    docx: await upload(FILES.docx, DOCX, docx),
    wav: await upload(FILES.wav, 'audio/wav', wav()),
    secret: await upload('Settlement terms.pdf', 'application/pdf', await twoPagePdf('Engagement letter')),
  };
  type Sent = { conversation: { id: string }; message: Posted };
  type Posted = { attachments: { id: string }[] };
  const sent = await okJson<Sent>(
    await staff.request.post(`/api/v1/matters/${m.matterId}/messages`, {
      ...m.write,
      data: {
        partyIds: [m.partyId],
        body: 'Here are the papers for Friday.',
        attachments: [
          { documentId: ids.pdf },
          { documentId: ids.png },
          { documentId: ids.txt },
          { documentId: ids.docx },
          { documentId: ids.wav },
        ],
      },
    }),
  );
  const conversationId = sent.conversation.id;
  const later = (data: Record<string, unknown>) =>
    staff.request
      .post(`/api/v1/conversations/${conversationId}/messages`, { ...m.write, data })
      .then(okJson<Posted>);
  const locked = await later({
    body: 'The settlement terms.',
    requireMfa: true,
    attachments: [{ documentId: ids.secret }],
  });
  await later({ body: 'The notes are shared with you too.', shares: [{ documentId: ids.txt }] });
  const link = await fromOutbox(staff, url, 'grace@viewer.test', SIGN_IN_LINK);
  return { conversationId, link, docx, lockedAttachment: locked.attachments[0]!.id };
}

/** Every top-frame navigation to an /api/ address (none expected). */
function watchApiNavigations(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && new URL(frame.url()).pathname.startsWith('/api/'))
      seen.push(frame.url());
  });
  page.on('request', (r) => {
    if (
      r.isNavigationRequest() &&
      r.frame() === page.mainFrame() &&
      new URL(r.url()).pathname.startsWith('/api/')
    )
      seen.push(r.url());
  });
  return seen;
}

const viewer = (page: Page) => page.getByRole('dialog');
/** A file sent in a message: its chip in the thread. */
const chip = (page: Page, name: string) =>
  page.locator('.message a.chip[href*="/conversations/"]').filter({ hasText: name });

async function expectViewerFriendly(page: Page, phone: boolean) {
  expect(await axeViolations(page)).toEqual([]);
  if (!phone) return;
  expect(await noSidewaysScroll(page)).toBe(true);
  expect(await viewer(page).evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await expectTouchTargets(viewer(page).locator('a, button'));
}

/** Opens a file from its chip; returns how far the conversation was scrolled. */
async function open(page: Page, name: string): Promise<number> {
  const c = chip(page, name);
  await c.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => scrollY);
  await c.focus();
  await page.keyboard.press('Enter');
  await viewer(page).getByRole('heading', { name }).waitFor();
  expect(new URL(page.url()).pathname).toMatch(/\/portal\/conversations\/[^/]+\/files\/[^/]+$/);
  return scrolled;
}

/** Back in the conversation, at the same place, the focus on the chip that opened the file. */
async function expectBackAt(page: Page, conversationId: string, name: string, scrolled: number) {
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/portal/conversations/${conversationId}`);
  await expect.poll(() => viewer(page).count()).toBe(0);
  await expect.poll(() => chip(page, name).evaluate((el) => el === document.activeElement)).toBe(true);
  expect(Math.abs((await page.evaluate(() => scrollY)) - scrolled)).toBeLessThanOrEqual(2);
}

async function canvasWidth(page: Page): Promise<number> {
  return (await viewer(page).locator('canvas').boundingBox())!.width;
}

async function journeyOn(page: Page, phone: boolean, seeded: Awaited<ReturnType<typeof seed>>) {
  const tag = phone ? 'phone' : 'desktop';
  const { conversationId } = seeded;
  const apiNavigations = watchApiNavigations(page);
  await page.goto(`/portal/conversations/${conversationId}`);
  await chip(page, FILES.pdf).waitFor();

  // The PDF: page 1 of 2, fitting the width; Next; Zoom in; Escape goes back.
  let scrolled = await open(page, FILES.pdf);
  const dialog = viewer(page);
  await dialog.getByText('Page 1 of 2').waitFor();
  const canvas = dialog.locator('canvas');
  await expect.poll(() => canvas.getAttribute('data-shown')).toBe('1@1');
  await dialog.getByText('PDF document ·').waitFor();
  const fitted = await canvasWidth(page);
  const frame = (await dialog.locator('.pdf-frame').boundingBox())!;
  expect(fitted).toBeLessThanOrEqual(frame.width + 1);
  if (phone) expect(fitted).toBeGreaterThan(300);
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-pdf-${tag}`, WINDOW);
  await dialog.getByRole('button', { name: 'Next page' }).click();
  await dialog.getByText('Page 2 of 2').waitFor();
  await expect.poll(() => canvas.getAttribute('data-shown')).toBe('2@1');
  expect(await dialog.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
  await dialog.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => canvas.getAttribute('data-shown')).toBe('2@1.25');
  await dialog.getByRole('button', { name: /^125%.*fit to width/ }).waitFor();
  expect(await canvasWidth(page)).toBeGreaterThan(fitted * 1.2);
  expect(await noSidewaysScroll(page)).toBe(true);
  await snapSizes(page, `viewer-pdf-zoomed-${tag}`, WINDOW);
  await page.keyboard.press('Escape');
  await expectBackAt(page, conversationId, FILES.pdf, scrolled);

  // A reload keeps the viewer (its own address); Back then returns to the conversation.
  scrolled = await open(page, FILES.pdf);
  await page.reload();
  await viewer(page).getByText('Page 1 of 2').waitFor();
  await viewer(page).getByRole('button', { name: 'Back' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/portal/conversations/${conversationId}`);
  await expect.poll(() => viewer(page).count()).toBe(0);

  // The image.
  scrolled = await open(page, FILES.png);
  const img = viewer(page).getByRole('img', { name: FILES.png });
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(120);
  await viewer(page).getByText('PNG image ·').waitFor();
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-image-${tag}`, WINDOW);
  await viewer(page).getByRole('button', { name: 'Back' }).click();
  await expectBackAt(page, conversationId, FILES.png, scrolled);

  // The text.
  scrolled = await open(page, FILES.txt);
  await viewer(page).getByText(NOTES).waitFor();
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-text-${tag}`, WINDOW);
  await page.goBack();
  await expectBackAt(page, conversationId, FILES.txt, scrolled);

  // The audio: the browser plays it from the content route (Range, the session cookie).
  scrolled = await open(page, FILES.wav);
  const audio = viewer(page).locator('audio');
  await expect.poll(() => audio.evaluate((el) => Math.round((el as HTMLAudioElement).duration * 10))).toBe(5);
  await viewer(page).getByText('WAV audio ·').waitFor();
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-audio-${tag}`, WINDOW);
  await viewer(page).getByRole('button', { name: 'Back' }).click();
  await expectBackAt(page, conversationId, FILES.wav, scrolled);

  // The Word file: what it is in words, its size, and a Download that keeps its name.
  scrolled = await open(page, FILES.docx);
  const card = viewer(page).locator('.viewer-other');
  await card.getByText('Word document').waitFor();
  await card.getByText(`${seeded.docx.length} B`).waitFor();
  expect(await viewer(page).innerText()).not.toContain('application/');
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-word-${tag}`, WINDOW);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    viewer(page)
      .getByRole('link', { name: `Download ${FILES.docx}` })
      .click(),
  ]);
  // Its name, spaces and accents kept; Chromium itself writes a quote as "_" (a character Windows
  // forbids in file names). The header carries the exact name (the test below).
  expect(download.suggestedFilename()).toBe(FILES.docx.replaceAll('"', '_'));
  expect(await fs.readFile((await download.path())!)).toEqual(seeded.docx);
  await viewer(page).getByRole('button', { name: 'Back' }).click();
  await expectBackAt(page, conversationId, FILES.docx, scrolled);

  // A protected message's file, opened by its address before the step-up: the step-up, not the file.
  await page.goto(`/portal/conversations/${conversationId}/files/${seeded.lockedAttachment}`);
  await viewer(page).getByText('This message is protected.').waitFor();
  await viewer(page).getByRole('button', { name: 'Email me a code' }).waitFor();
  expect(await viewer(page).locator('canvas').count()).toBe(0);
  await expectViewerFriendly(page, phone);
  await snapSizes(page, `viewer-protected-${tag}`, WINDOW);

  // From the home page's "Shared with you": the viewer over the share; Back returns home.
  await page.goto('/portal');
  const got = page.getByRole('button', { name: 'Got it' });
  await page.getByRole('heading', { name: 'Your messages' }).waitFor();
  if (await got.count()) await got.click();
  const shared = page.getByRole('region', { name: 'Shared with you' });
  await shared.getByRole('link', { name: /Hearing notes\.txt.*Shared/ }).click();
  await viewer(page).getByText(NOTES).waitFor();
  expect(new URL(page.url()).pathname).toMatch(/^\/portal\/shared\/[^/]+\/files\/[^/]+$/);
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Your messages' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/portal');

  expect(apiNavigations).toEqual([]);
}

it('a client opens a PDF, an image, a text, a recording and a Word file in the portal on a phone and a laptop', async () => {
  const staff = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(staff);
  const seeded = await seed(staff);
  const phone = await phonePage(journey.browser, journey.server.url);
  await phone.goto(seeded.link);
  await phone.getByRole('heading', { name: 'Your messages' }).waitFor();
  await journeyOn(phone, true, seeded);

  const desktop = await journey.browser.newPage({
    baseURL: journey.server.url,
    viewport: { width: 1280, height: 800 },
  });
  await desktop.context().addCookies(await phone.context().cookies());
  await journeyOn(desktop, false, seeded);

  // In Spanish (the client's choice, remembered by the server): the viewer speaks it too.
  await okJson(
    await desktop.request.patch('/api/v1/portal/me', {
      headers: { origin: journey.server.url },
      data: { locale: 'es' },
    }),
  );
  await desktop.goto(`/portal/conversations/${seeded.conversationId}`);
  await chip(desktop, FILES.pdf).click();
  await viewer(desktop).getByText('Página 1 de 2').waitFor();
  await viewer(desktop).getByRole('button', { name: 'Acercar' }).waitFor();
  await viewer(desktop).getByText('Documento PDF ·').waitFor();
  expect(await axeViolations(desktop)).toEqual([]);
  await snapSizes(desktop, 'viewer-pdf-spanish', WINDOW);
});

it('the download header names the file exactly: spaces, accents and quotes', async () => {
  // Without a browser: the header itself, as any download client reads it.
  const staff = await journey.browser.newPage({ baseURL: journey.server.url });
  await journey.signIn(staff);
  const m = await matterWithClient(staff, journey.server.url, {
    title: 'Names',
    name: 'Ned',
    email: 'ned@viewer.test',
  });
  const name = 'Draft "final" résumé – v2.docx';
  const { items } = await okJson<{ items: { id: string }[] }>(
    await staff.request.post(`/api/v1/matters/${m.matterId}/documents`, {
      ...m.write,
      multipart: { file: { name: 'draft.docx', mimeType: DOCX, buffer: Buffer.from('x') } },
    }),
  );
  await okJson(
    await staff.request.patch(`/api/v1/documents/${items[0]!.id}`, { ...m.write, data: { name } }),
  );
  const res = await staff.request.get(`/api/v1/documents/${items[0]!.id}/content`);
  const header = res.headers()['content-disposition']!;
  expect(header.startsWith('attachment;')).toBe(true);
  const star = /filename\*=UTF-8''([^;]+)/.exec(header)![1]!;
  expect(decodeURIComponent(star)).toBe(name);
  expect(star).not.toMatch(/["' ]/);
  const plain = /filename="([^"]*)"/.exec(header)![1]!;
  expect(plain).toMatch(/^[\x20-\x7e]+$/);
});
