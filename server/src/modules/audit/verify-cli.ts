/**
 * `npm run audit:verify [-- --firm <id>]`: walks each firm's audit hash chain and names the first
 * broken row. Exit 0 when every chain is intact, 1 when one is broken, 2 on a usage/config error.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { openDatabase } from '../../platform/db/database';
import { verifyAuditChain } from './verify-chain';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const firmFlag = args.indexOf('--firm');
  const firmId = firmFlag >= 0 ? args[firmFlag + 1] : undefined;
  if (firmFlag >= 0 && !firmId) {
    process.stderr.write('usage: npm run audit:verify [-- --firm <firmId>]\n');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL, poolSize: 1 }
      : { kind: 'pglite', dataDir: path.join(config.DATA_DIR, 'db') },
  );
  try {
    const reports = await verifyAuditChain(database.db, firmId);
    let ok = true;
    for (const r of reports) {
      if (r.ok) {
        const pending = r.pending
          ? `; ${r.pending} newer rows not sealed yet (a worker node seals them)`
          : '';
        process.stdout.write(`firm ${r.firmId}: ${r.rows} audit rows, chain intact${pending}\n`);
      } else {
        ok = false;
        const b = r.broken!;
        process.stdout.write(
          `firm ${r.firmId}: chain BROKEN at seq ${b.seq}${b.id === null ? '' : ` (audit_log.id ${b.id})`}: ${b.reason}\n`,
        );
      }
    }
    if (reports.length === 0) process.stdout.write('no firms: nothing to verify\n');
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `audit:verify failed: ${String(error)}`}\n`,
    );
    process.exit(2);
  },
);
