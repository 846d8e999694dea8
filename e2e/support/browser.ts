import fs from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const artifactsDir = path.resolve(import.meta.dirname, '../artifacts');

/** Debian's chromium (never a downloaded browser), with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

let step = 0;
/** Screenshot of each step of a journey, to e2e/artifacts/. */
export async function snap(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await fs.mkdir(artifactsDir, { recursive: true });
  step++;
  await page.screenshot({
    path: path.join(artifactsDir, `${String(step).padStart(2, '0')}-${name}.png`),
    fullPage: options.fullPage ?? true,
  });
}

/**
 * The page as a phone (390×844) and as a laptop (1280×800) shows it, to e2e/artifacts/; the whole
 * page, or (`fullPage: false`) the window, as for a full-window layer such as the file viewer.
 */
export async function snapSizes(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  const before = page.viewportSize();
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await snap(page, `${name}-${width}`, options);
  }
  if (before) await page.setViewportSize(before);
}
