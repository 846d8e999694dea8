/**
 * `npm run backup -- <dir>` and `npm run restore -- <dir>` on the server itself, with the same
 * environment as Parley (README "Backups"). Exit 0 on success, 1 when the backup or restore was
 * refused or failed (the message says why), 2 on a usage or configuration error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runAdminCommand } from './admin-commands';
import { ConfigError, loadConfig } from './config';
import { AdminCommandFailed } from './platform/admin-socket';
import type { BackupResult } from './platform/backup/backup';
import { BackupError } from './platform/backup/backup-files';
import { restoreBackup } from './platform/backup/restore';

class UsageError extends Error {}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function describeBackup(r: BackupResult): string {
  return [
    `Backup written to ${r.dir} in ${r.seconds} s:`,
    `  database (${r.database}): ${mib(r.databaseBytes)}`,
    `  ${r.blobs} files (${mib(r.blobBytes)}) ${r.blobsCopied ? 'copied and checked against their SHA-256' : 'listed in blobs.jsonl (the S3 bucket keeps the bytes: back it up by its own means)'}`,
    r.secretsKey === 'file'
      ? '  secrets.key included: keep this directory as private as the data itself'
      : '  SECRETS_KEY comes from the environment and is NOT in the backup: keep it with the backup',
  ].join('\n');
}

async function backup(dir: string): Promise<string> {
  const config = loadConfig();
  if (!config.DATABASE_URL && !(await exists(path.join(config.DATA_DIR, 'db', 'PG_VERSION'))))
    throw new BackupError(
      `${config.DATA_DIR} holds no Parley database: set DATA_DIR (or DATABASE_URL) as for npm start`,
    );
  // A running embedded Parley takes it itself (through DATA_DIR/parley.sock); else this process does.
  const result = await runAdminCommand(config, 'backup', { dir: path.resolve(dir) });
  return describeBackup(result as BackupResult);
}

async function restore(dir: string): Promise<string> {
  const config = loadConfig();
  const r = await restoreBackup(config, dir);
  const where = r.database === 'postgres' ? 'the database DATABASE_URL names' : `${config.DATA_DIR}/db`;
  return [
    `Restored the backup of ${r.createdAt} into ${where}:`,
    `  ${r.blobs} files ${r.blobsCopied ? `copied into ${config.DATA_DIR}/blobs and checked` : 'found in the bucket'}`,
    r.secretsKey === 'file'
      ? `  secrets.key restored into ${config.DATA_DIR}`
      : '  secrets sealed with SECRETS_KEY: start Parley with the same SECRETS_KEY',
    'Start Parley as usual (npm start): it applies any newer migrations.',
  ].join('\n');
}

async function main(): Promise<string> {
  const [mode, dir, ...rest] = process.argv.slice(2);
  if ((mode !== 'backup' && mode !== 'restore') || !dir || rest.length > 0)
    throw new UsageError('usage: npm run backup -- <dir>   |   npm run restore -- <dir>');
  return mode === 'backup' ? backup(dir) : restore(dir);
}

main().then(
  (text) => {
    process.stdout.write(`${text}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof BackupError || error instanceof AdminCommandFailed;
    process.stderr.write(`${known ? '' : 'failed: '}${message}\n`);
    process.exit(1);
  },
);
