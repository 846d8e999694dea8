/**
 * The staff app on a phone (390×844) and All Files' duplicate names (#14 item 5): the top bar is one
 * row with a Menu button; the matter page puts its tabs first; a row's ⋯ menu opens next to its row
 * (on a phone and a laptop, above the upload tray); touch targets of 44 px, no sideways scrolling; a
 * file uploaded under a name the folder already holds offers "Add as new version" or "Keep both".
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { snapSizes } from './support/browser';
import { useJourney } from './support/journey';
import { expectTouchTargets, noSidewaysScroll } from './support/layout';

const journey = useJourney('phone');
const PHONE = { width: 390, height: 844 };

const rows = (page: Page) => page.getByRole('list', { name: 'Files and folders' }).getByRole('listitem');
const row = (page: Page, name: string) =>
  rows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
const box = async (l: Locator) => (await l.boundingBox())!;

/** The menu is beside its ⋯ button (just below or just above it), inside the screen, and on top. */
async function expectMenuNextTo(page: Page, menu: Locator, button: Locator) {
  const m = await box(menu);
  const b = await box(button);
  const viewport = page.viewportSize()!;
  const gap = Math.min(Math.abs(m.y - (b.y + b.height)), Math.abs(b.y - (m.y + m.height)));
  expect(gap).toBeLessThanOrEqual(8);
  expect(m.x).toBeGreaterThanOrEqual(0);
  expect(m.y).toBeGreaterThanOrEqual(0);
  expect(m.x + m.width).toBeLessThanOrEqual(viewport.width);
  expect(m.y + m.height).toBeLessThanOrEqual(viewport.height);
  // Nothing (the upload tray) covers its items.
  for (const item of await menu.getByRole('menuitem').all()) {
    const i = await box(item);
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="menu"]') !== null,
      [i.x + i.width / 2, i.y + i.height / 2],
    );
    expect(hit).toBe(true);
  }
}

it('on a phone: one-row top bar with a Menu, tabs before the parties, the ⋯ menu beside its row above the tray', async () => {
  const page = await journey.browser.newPage({ baseURL: journey.server.url, viewport: PHONE });
  await journey.signIn(page);
  const bar = page.locator('header.topbar');
  expect((await box(bar)).height).toBeLessThanOrEqual(64);
  expect(await noSidewaysScroll(page)).toBe(true);
  await page.getByRole('link', { name: /^Messages/ }).waitFor();
  expect(await page.getByRole('link', { name: 'Matters' }).isVisible()).toBe(false);

  // The Menu button works by keyboard: Enter opens it, Escape closes it and gives focus back.
  const toggle = page.getByRole('button', { name: 'Menu' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  await page.getByRole('link', { name: 'Matters' }).waitFor();
  await expectTouchTargets(page.getByRole('navigation', { name: 'Main' }).getByRole('link'));
  await expectTouchTargets(toggle);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'phone-nav-menu');
  await page.keyboard.press('Escape');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await toggle.evaluate((e) => e === document.activeElement)).toBe(true);

  await toggle.click();
  await page.getByRole('link', { name: 'Matters' }).click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
  await page.getByLabel('Title').fill('Carter v Dunmore');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Carter v Dunmore/ }).waitFor();
  // A matter without parties opens on the add-party form.
  await page.getByLabel('Name').fill('Cara Carter');
  await page.getByLabel('Email').fill('cara@client.test');
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByText('cara@client.test').waitFor();

  // With parties, the matter opens on one line of names: the tabs are in the top third of the screen.
  await page.reload();
  await page.getByText('Cara Carter (Client)').waitFor();
  expect(await page.getByLabel('Email').count()).toBe(0);
  expect((await box(page.getByRole('tab', { name: 'All Files' }))).y).toBeLessThan(PHONE.height / 2);
  expect(await noSidewaysScroll(page)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'phone-matter');
  const manage = page.getByRole('button', { name: 'Manage parties' });
  await manage.click();
  await page.getByRole('button', { name: 'Edit Cara Carter' }).waitFor();
  await page.getByRole('button', { name: 'Hide parties' }).click();

  await page.getByRole('tab', { name: 'All Files' }).click();
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles(
      Array.from({ length: 8 }, (_, i) => ({
        name: `exhibit-${i + 1}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(`%PDF-1.4 ${i}`),
      })),
    );
  await expect.poll(() => rows(page).count()).toBe(8);
  // An upload that keeps running (its bytes never answered), so the tray stays open at the bottom.
  await page.route('**/api/v1/uploads/**', () => {});
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles({
      name: 'big bundle.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(100_000),
    });
  const tray = page.getByRole('region', { name: 'Uploads' });
  await tray.getByText(/1 running/).waitFor();
  // On a phone the tray is one line while nothing needs the user (its summary and Show), so it
  // covers little of the page; Show lists the files, Hide makes it one line again.
  const show = tray.getByRole('button', { name: 'Show' });
  expect(await show.getAttribute('aria-expanded')).toBe('false');
  expect((await tray.boundingBox())!.height).toBeLessThan(80);
  await show.click();
  await tray.getByRole('progressbar', { name: 'Uploading big bundle.pdf' }).waitFor();
  await tray.getByRole('button', { name: 'Hide' }).click();
  await expect.poll(async () => (await tray.boundingBox())!.height).toBeLessThan(80);

  for (const name of ['exhibit-1.pdf', 'exhibit-8.pdf']) {
    const button = row(page, name).getByRole('button', { name: `Actions for ${name}` });
    // Scrolled as a thumb would: the last row comes up above the tray.
    if (name === 'exhibit-8.pdf') await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    else await button.scrollIntoViewIfNeeded();
    await button.click();
    const menu = page.getByRole('menu', { name: `Actions for ${name}` });
    await menu.waitFor();
    await expectMenuNextTo(page, menu, button);
    await expectTouchTargets(menu.getByRole('menuitem'));
    if (name === 'exhibit-8.pdf') {
      expect(await axeViolations(page)).toEqual([]);
      await snapSizes(page, 'phone-files-menu');
    }
    await page.keyboard.press('Escape');
  }
  await expectTouchTargets(rows(page).getByRole('button', { name: /^Actions for/ }));
  await expectTouchTargets(rows(page).locator('label.select-hit'));
  expect(await noSidewaysScroll(page)).toBe(true);

  // On a laptop too: right-click opens the menu by its row, not at the top of the page.
  await page.setViewportSize({ width: 1280, height: 800 });
  await row(page, 'exhibit-8.pdf').click({ button: 'right', position: { x: 300, y: 10 } });
  await expectMenuNextTo(
    page,
    page.getByRole('menu', { name: 'Actions for exhibit-8.pdf' }),
    row(page, 'exhibit-8.pdf').getByRole('button', { name: 'Actions for exhibit-8.pdf' }),
  );
  await page.keyboard.press('Escape');
  await page.close();
});

it('a file whose name the folder already holds: "Add as new version" or "Keep both", per file, nothing lost', async () => {
  const page = await journey.browser.newPage({ baseURL: journey.server.url, viewport: PHONE });
  await journey.signIn(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Matters' }).click();
  await page.getByLabel('Title').fill('Duplicate names');
  await page.getByRole('button', { name: 'Create matter' }).click();
  await page.getByRole('heading', { name: /Duplicate names/ }).waitFor();
  await page.getByRole('tab', { name: 'All Files' }).click();
  const input = page.locator('input[type=file]').first();
  const pdf = (text: string) => ({
    name: 'claim.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(text),
  });
  await input.setInputFiles([
    pdf('%PDF-1.4 first'),
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('n') },
  ]);
  await expect.poll(() => rows(page).count()).toBe(2);

  // The same two names again: each file asks on its own row of the tray.
  await input.setInputFiles([
    pdf('%PDF-1.4 second, longer'),
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('other notes') },
  ]);
  const tray = page.getByRole('region', { name: 'Uploads' });
  await tray
    .getByRole('status')
    .getByText(/, 2 need your answer$/)
    .waitFor();
  const asking = (name: string) => tray.getByRole('listitem').filter({ hasText: name });
  await asking('claim.pdf').getByText('This folder already has a file named “claim.pdf”.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await snapSizes(page, 'files-duplicate-question');
  await expectTouchTargets(tray.getByRole('button'));

  await asking('claim.pdf').getByRole('button', { name: 'Add as new version' }).click();
  await row(page, 'claim.pdf')
    .getByText(/ · v2 · /)
    .waitFor();
  await asking('notes.txt').getByRole('button', { name: 'Keep both' }).click();
  await row(page, 'notes (2).txt').waitFor();
  await expect.poll(() => rows(page).count()).toBe(3);
  expect(
    await row(page, 'notes.txt')
      .getByText(/ · v1 · /)
      .count(),
  ).toBe(1);

  // And once more "Keep both" for claim.pdf: claim (2).pdf, with the new bytes.
  await input.setInputFiles(pdf('%PDF-1.4 third'));
  await asking('claim.pdf').getByRole('button', { name: 'Keep both' }).click();
  await row(page, 'claim (2).pdf').waitFor();
  const listing = await page.evaluate(async (url) => {
    const matterId = url.split('/')[4];
    const res = await fetch(`/api/v1/matters/${matterId}/files`);
    return (await res.json()) as { documents: { name: string; size: number; versionCount: number }[] };
  }, page.url());
  expect(listing.documents.map((d) => [d.name, d.size, d.versionCount]).sort()).toEqual([
    ['claim (2).pdf', 14, 1],
    ['claim.pdf', 23, 2],
    ['notes (2).txt', 11, 1],
    ['notes.txt', 1, 1],
  ]);
  await page.close();
});
