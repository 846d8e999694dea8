import type { Logger } from 'pino';
import { createLogger } from '../../src/platform/logger';

/**
 * Error-level log lines (pino level ≥ 50) fail the test that caused them, unless it declared them
 * (issue #19 item 5: a fault that only shows in the log, like a reply sent twice, must not pass
 * silently). `testLogger()` is the logger of every test app (`createTestEnv`) and of `runJobs`; the
 * setup file `log-guard.ts` checks after each test, and after each file for lines logged outside one.
 */
export interface LoggedError {
  level: number;
  msg: string;
  /** The error's message and code, when the line carries one. */
  err?: string;
  line: string;
}

const logged: LoggedError[] = [];
let expected: RegExp[] = [];

const destination = {
  write(line: string): void {
    const entry = JSON.parse(line) as {
      level: number;
      msg?: string;
      err?: { message?: string; code?: string };
      /** The job worker logs the failure's message as `error`. */
      error?: string;
    };
    if (entry.level < 50) return;
    const err = entry.err ? [entry.err.code, entry.err.message].filter(Boolean).join(': ') : entry.error;
    logged.push({ level: entry.level, msg: entry.msg ?? '', ...(err ? { err } : {}), line: line.trim() });
  },
};

/** The tests' logger: only error and fatal lines are written, into the guard's list. */
export function testLogger(): Logger {
  return createLogger('error', destination);
}

/**
 * The running test expects error lines matching `pattern` (in the message or the error's text);
 * they are then not counted against it. Returns a reader of the lines that matched so far.
 */
export function expectErrorLogs(pattern: RegExp): () => LoggedError[] {
  expected.push(pattern);
  const from = logged.length;
  return () => logged.slice(from).filter((e) => matches(pattern, e));
}

const matches = (pattern: RegExp, e: LoggedError) =>
  pattern.test(e.msg) || (e.err ? pattern.test(e.err) : false);

/** Lines logged since the last call that no declared expectation covers; clears the list and the expectations. */
export function takeUnexpectedErrorLogs(): LoggedError[] {
  const unexpected = logged.filter((e) => !expected.some((p) => matches(p, e)));
  logged.length = 0;
  expected = [];
  return unexpected;
}

export function describeErrorLogs(lines: LoggedError[]): string {
  return lines.map((e) => `  ${e.msg}${e.err ? ` (${e.err})` : ''}\n    ${e.line.slice(0, 600)}`).join('\n');
}
