import type { Deps } from '../../src/deps';
import { jobDefinitions } from '../../src/jobs';
import { JobWorker } from '../../src/platform/jobs/worker';
import { testLogger } from './error-logs';

/** Runs every due job once, as the worker role would (the test app starts no worker). */
export async function runJobs(deps: Deps): Promise<number> {
  const worker = new JobWorker(deps, jobDefinitions, testLogger(), {
    baseBackoffMs: 1,
    maxBackoffMs: 5,
  });
  let total = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
  return total;
}

/** The sign-in token in a link `.../portal/sign-in?token=...` inside an email's text. */
export function tokenFromText(text: string): string {
  const match = /\/portal\/sign-in\?token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no sign-in link in:\n${text}`);
  return decodeURIComponent(match[1]);
}

/** The step-up code: on its own indented line in an email, or leading the SMS text. */
export function codeFromText(text: string): string {
  const match = /^ {4}(\d{6})$/m.exec(text) ?? /^(\d{6}) is your/.exec(text);
  if (!match?.[1]) throw new Error(`no code in:\n${text}`);
  return match[1];
}
