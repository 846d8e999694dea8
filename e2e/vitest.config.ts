import { defineConfig } from 'vitest/config';

// Browser journeys: a real server process, a real SMTP server on loopback, Debian's chromium.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['./support/global-setup.ts'],
    setupFiles: ['../server/test/support/no-empty-tests.ts', '../server/test/support/no-stray-servers.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits 1 s by default: too short for an upload on a busy CI machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
