import type { Page, Route } from 'playwright-core';

/** Holds the browser's tus requests until `release()`, so a test can look at uploads while they run. */
export async function holdUploads(page: Page) {
  const waiting: Route[] = [];
  let holding = true;
  await page.route('**/api/v1/uploads**', (route) => {
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
