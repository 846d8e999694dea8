/**
 * `npm run admin -- <command> [arguments]`, on the server itself: runs an admin command against this
 * installation's data (`runAdminCommand`: through the running embedded Parley's socket, else
 * directly). Exit 0 on success, 1 when the command refused, 2 on a usage or configuration error.
 */
import { runAdminCommand } from './admin-commands';
import { ConfigError, loadConfig } from './config';
import { AdminCommandFailed } from './platform/admin-socket';

interface CliCommand {
  usage: string;
  /** argv after the command's name → the command's JSON arguments, or null for a usage error. */
  args(argv: string[]): Record<string, unknown> | null;
  print(result: unknown): string;
}

const cli: Record<string, CliCommand> = {
  status: {
    usage: 'status',
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
