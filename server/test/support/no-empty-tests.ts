import { afterEach, expect } from 'vitest';

/**
 * No test is empty: one that makes no assertion fails (a placeholder `it(..., () => {})` passes
 * while checking nothing). A group that cannot run here is `describe.skipIf(...)`: reported skipped.
 */
afterEach((context) => {
  if (expect.getState().assertionCalls === 0)
    throw new Error(`The test "${context.task.name}" made no assertion: assert what it checks, or skip it`);
});
