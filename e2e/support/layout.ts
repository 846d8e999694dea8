import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The page fits the window's width: nothing to scroll sideways. */
export const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** Each of `targets` is at least 44 × 44 px (a finger's touch target). */
export async function expectTouchTargets(targets: Locator) {
  for (const t of await targets.all()) {
    const b = (await t.boundingBox())!;
    expect(Math.round(b.width), await t.evaluate((e) => e.outerHTML)).toBeGreaterThanOrEqual(44);
    expect(Math.round(b.height), await t.evaluate((e) => e.outerHTML)).toBeGreaterThanOrEqual(44);
  }
}
