import { afterAll } from 'vitest';
import { killStrayServers } from './server-process';

/**
 * A test file that fails between starting a server process and stopping it does not leave the
 * process behind (holding its port, its PGlite lock and a CPU): whatever is still running when the
 * file ends is killed.
 */
afterAll(() => {
  killStrayServers();
});
