/**
 * `npm run admin -- <command> [arguments]`, on the server itself: runs an admin command against this
 * installation's data (`runAdminCommand`: through the running embedded Parley's socket, else
 * directly). Exit 0 on success, 1 when the command refused, 2 on a usage or configuration error.
 */
import { runAdminCommand } from './admin-commands';
import { ConfigError, loadConfig } from './config';
import type { OneTimePassword } from './modules/identity/admin-recovery';
import { AdminCommandFailed } from './platform/admin-socket';

interface CliCommand {
  usage: string;
  /** argv after the command's name → the command's JSON arguments, or null for a usage error. */
  args(argv: string[]): Record<string, unknown> | null;
  print(result: unknown): string;
}

const oneTime = (r: unknown) => {
  const p = r as OneTimePassword;
  return [
    `${p.name} <${p.email}> (${p.firmName}) signs in with this one-time password:`,
    `  ${p.password}`,
    'It works once: Parley asks for a new password at sign-in. The change is in the audit log.',
  ].join('\n');
};

const cli: Record<string, CliCommand> = {
  'reset-password': {
    usage: 'reset-password <email>          a one-time password for this staff member (their sessions end)',
    args: (argv) => (argv.length === 1 ? { email: argv[0] } : null),
    print: oneTime,
  },
  'create-admin': {
    usage: 'create-admin <email> [name] [--firm <id>]   a new administrator with a one-time password',
    args: (argv) => {
      const firm = argv.indexOf('--firm');
      const firmId = firm >= 0 ? argv[firm + 1] : undefined;
      if (firm >= 0 && !firmId) return null;
      const rest = firm >= 0 ? argv.filter((_, i) => i !== firm && i !== firm + 1) : argv;
      if (rest.length < 1) return null;
      const [email, ...name] = rest;
      return { email, ...(name.length ? { name: name.join(' ') } : {}), ...(firmId ? { firmId } : {}) };
    },
    print: oneTime,
  },
  status: {
    usage: 'status                          which Parley serves this DATA_DIR',
    args: (argv) => (argv.length === 0 ? {} : null),
    print: (r) => {
      const s = r as { pid: number; database: string; publicUrl: string };
      return `Parley (pid ${s.pid}) serves ${s.publicUrl} on ${s.database}`;
    },
  },
};

const usage = () =>
  `usage: npm run admin -- <command>\n${Object.values(cli)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n`;

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? cli[name] : undefined;
  const args = command?.args(rest);
  if (!command || !args) {
    process.stderr.write(usage());
    return 2;
  }
  const result = await runAdminCommand(loadConfig(), name!, args);
  process.stdout.write(`${command.print(result)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AdminCommandFailed) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `admin failed: ${String(error)}`}\n`,
    );
    process.exit(2);
  },
);
