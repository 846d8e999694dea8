import type { Page, Route } from 'playwright-core';

/**
 * Holds the browser's requests that `match` picks (a URL glob or a test of the URL) until
 * `release()`, so a test can look at the page while they wait (an upload running, a list loading).
 */
export async function holdRequests(page: Page, match: string | ((url: URL) => boolean)) {
  const waiting: Route[] = [];
  let holding = true;
  await page.route(match, (route) => {
    if (holding) waiting.push(route);
    else void route.continue().catch(() => {});
  });
  return {
    release() {
      holding = false;
      for (const route of waiting.splice(0)) void route.continue().catch(() => {});
    },
  };
}

/** Holds the browser's tus requests until `release()`, so a test can look at uploads while they run. */
export const holdUploads = (page: Page) => holdRequests(page, '**/api/v1/uploads**');
