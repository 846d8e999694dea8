import { adminCommands } from './admin-commands';
import { buildApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { createDeps } from './deps';
import { jobDefinitions } from './jobs';
import { AuditCheckpointer } from './modules/audit/checkpoint';
import { AuditSealer } from './modules/audit/seal';
import { scheduleUploadExpiry } from './modules/files/expire-uploads.job';
import { bootstrapFirm } from './modules/identity/bootstrap-firm';
import { sealStoredTotpSecrets } from './modules/identity/totp-enrolment';
import { listenAdminSocket } from './platform/admin-socket';
import { JobWorker } from './platform/jobs/worker';
import { formatStartupReport, startupReport } from './startup-report';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nParley did not start.\n`);
      process.exit(1);
    }
    throw error;
  }

  if (Number(process.versions.node.split('.')[0]) < 22)
    process.stderr.write(
      `Warning: Node ${process.version} reached its end of life in April 2026; Parley supports Node 24 LTS and 22.\n`,
    );
  // Plain lines before any JSON log: where it is reachable, drivers, risky settings.
  process.stdout.write(formatStartupReport(startupReport(config)));
  const deps = await createDeps(config);
  await deps.database.migrate();
  const { sealed } = await sealStoredTotpSecrets(deps.db, deps.secrets);
  if (sealed > 0) deps.log.info({ sealed }, 'sealed TOTP secrets stored in plain text');
  const bootstrap = await bootstrapFirm(deps);

  const app = config.ROLES.includes('web') ? await buildApp(deps) : undefined;
  const worker = config.ROLES.includes('worker')
    ? new JobWorker(deps, jobDefinitions, deps.log.child({ role: 'worker' }))
    : undefined;
  const sealer = worker
    ? new AuditSealer(deps.db, deps.log.child({ role: 'audit-sealer' }), config.AUDIT_SEAL_INTERVAL_MS)
    : undefined;
  const checkpointer = worker
    ? new AuditCheckpointer(
        deps,
        deps.log.child({ role: 'audit-checkpoint' }),
        config.AUDIT_CHECKPOINT_INTERVAL_MS,
      )
    : undefined;
  if (worker) {
    deps.events.on('jobs.enqueued', () => worker.wake());
    await scheduleUploadExpiry(deps);
    worker.start();
    sealer?.start();
    checkpointer?.start();
  }
  // `npm run admin`/`backup` reach an embedded Parley here (PGlite is one process).
  const adminSocket =
    deps.database.kind === 'pglite'
      ? await listenAdminSocket(deps, adminCommands, deps.log.child({ role: 'admin-socket' }))
      : undefined;
  if (app) await app.listen({ port: config.PORT, host: config.HOST });

  const lines = [
    `Parley is running at ${config.PUBLIC_URL} (roles: ${config.ROLES.join(', ')}; database: ${deps.database.kind})`,
  ];
  if (bootstrap) {
    lines.push(`Created the firm "${bootstrap.firmName}". Sign in as ${bootstrap.email}`);
    if (bootstrap.generatedPassword)
      lines.push(`  with the generated password: ${bootstrap.generatedPassword}  (shown only this once)`);
    else lines.push('  with the password from ADMIN_PASSWORD.');
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    deps.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    try {
      await adminSocket?.close();
      await app?.close(); // stop accepting, let in-flight requests finish
      await worker?.stop(); // let a running job finish
      await sealer?.stop(); // chain what was appended
      await checkpointer?.stop(); // and sign where the chains now end
      await deps.mail.close();
      await deps.database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Parley could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
