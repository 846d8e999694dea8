import { afterAll, afterEach, beforeEach } from 'vitest';
import { describeErrorLogs, takeUnexpectedErrorLogs } from './error-logs';

/**
 * The suite fails on any error-level log line a test did not expect (`expectErrorLogs` in
 * `error-logs.ts`). Lines logged before a test starts (a `beforeAll`) count against the file.
 */
let fromSetup: ReturnType<typeof takeUnexpectedErrorLogs> = [];
beforeEach(() => {
  fromSetup.push(...takeUnexpectedErrorLogs());
  if (fromSetup.length > 0) {
    const lines = fromSetup;
    fromSetup = [];
    throw new Error(`Error-level log lines outside any test (in a beforeAll?):\n${describeErrorLogs(lines)}`);
  }
});
afterEach((context) => {
  const unexpected = takeUnexpectedErrorLogs();
  if (unexpected.length > 0)
    throw new Error(
      `The test "${context.task.name}" logged ${unexpected.length} error line(s) it did not expect ` +
        `(declare expected ones with expectErrorLogs):\n${describeErrorLogs(unexpected)}`,
    );
});
afterAll(() => {
  const unexpected = [...fromSetup, ...takeUnexpectedErrorLogs()];
  fromSetup = [];
  if (unexpected.length > 0)
    throw new Error(
      `Error-level log lines after the last test (in an afterAll?):\n${describeErrorLogs(unexpected)}`,
    );
});
