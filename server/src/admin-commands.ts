import { z } from 'zod';
import type { Config } from './config';
import { createDeps } from './deps';
import { createAdminCommand, resetPasswordCommand } from './modules/identity/admin-recovery';
import {
  type AdminCommand,
  AdminCommandFailed,
  AdminSocketUnavailable,
  callAdminSocket,
  defineAdminCommand,
  runCommand,
} from './platform/admin-socket';
import { backupCommand } from './platform/backup/backup';
import { createLogger } from './platform/logger';

/**
 * The commands a server-side CLI may run (`platform/admin-socket.ts` says how to add one). A running
 * embedded Parley serves them on `DATA_DIR/parley.sock`; `runAdminCommand` is the CLIs' side.
 */

/** `npm run admin -- status`: which process serves this data directory, and how. */
const status = defineAdminCommand({
  name: 'status',
  args: z.object({}),
  run: async (deps) => ({
    pid: process.pid,
    database: deps.database.kind,
    publicUrl: deps.config.PUBLIC_URL,
  }),
});

export const adminCommands: readonly AdminCommand[] = [
  status,
  backupCommand as AdminCommand,
  resetPasswordCommand,
  createAdminCommand,
];

/**
 * Runs one admin command where it must run: through the socket of the embedded Parley that runs on
 * DATA_DIR, else (nothing listens there, or on PostgreSQL) in this process on its own `deps`.
 * Throws `AdminCommandFailed` with the command's own message when it refuses.
 */
export async function runAdminCommand(config: Config, name: string, args: unknown): Promise<unknown> {
  if (!config.DATABASE_URL) {
    try {
      return await callAdminSocket(config.DATA_DIR, name, args);
    } catch (error) {
      if (!(error instanceof AdminSocketUnavailable)) throw error;
    }
  }
  const deps = await createDeps(config, {
    log: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
  });
  try {
    // Embedded and not running: this process owns the data directory, so it may bring it up to date.
    if (!config.DATABASE_URL) await deps.database.migrate();
    const answer = await runCommand(deps, adminCommands, name, args);
    if (!answer.ok) throw new AdminCommandFailed(answer.error.code, answer.error.message);
    return answer.result;
  } finally {
    await deps.realtime.close();
    await deps.mail.close();
    await deps.database.close();
  }
}
