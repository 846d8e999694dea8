import net from 'node:net';
import path from 'node:path';
import type { Config } from './config';

/**
 * What Parley prints at start, as plain lines above the JSON logs (#20 item 3): where it is
 * reachable, the drivers the configuration chose (`deps.ts` picks them from the same settings), and
 * one warning per risky setting, each saying what goes wrong and what to set. A pure function of
 * the configuration, so every case is tested without starting anything.
 */
export interface StartupReport {
  lines: string[];
  warnings: string[];
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];
const isLoopback = (host: string) => LOOPBACK_HOSTS.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** A URL without its password. */
function redactedUrl(value: string): string {
  const url = new URL(value);
  url.password = '';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

export function startupReport(config: Config): StartupReport {
  const publicUrl = new URL(config.PUBLIC_URL);
  const publicHost = publicUrl.hostname.replace(/^\[|\]$/g, '');
  const listensOnLoopback = isLoopback(config.HOST);
  const lines = [
    `Parley starts: reachable at ${config.PUBLIC_URL} (PUBLIC_URL), listening on ${config.HOST}:${config.PORT}; roles ${config.ROLES.join(', ')}`,
    `  database:  ${config.DATABASE_URL ? `PostgreSQL ${redactedUrl(config.DATABASE_URL)}` : `embedded PGlite in ${path.join(config.DATA_DIR, 'db')}`}`,
    `  files:     ${
      config.BLOB_STORE === 's3'
        ? `S3 bucket ${config.S3_BUCKET} at ${config.S3_ENDPOINT ?? `AWS ${config.S3_REGION}`}`
        : `local disk ${path.join(config.DATA_DIR, 'blobs')}`
    }`,
    `  email:     ${config.SMTP_URL ? `SMTP ${redactedUrl(config.SMTP_URL)}, from ${config.MAIL_FROM}` : `outbox (files in ${path.join(config.DATA_DIR, 'outbox')}, nothing is sent)`}`,
    `  SMS:       ${config.TWILIO_ACCOUNT_SID ? `Twilio from ${config.TWILIO_FROM} (${config.TWILIO_API_BASE})` : 'outbox (nothing is sent)'}`,
    `  realtime:  ${config.REDIS_URL ? `Redis ${redactedUrl(config.REDIS_URL)}` : config.DATABASE_URL ? 'PostgreSQL LISTEN/NOTIFY' : 'in this process'}`,
  ];

  const warnings: string[] = [];
  if (isLoopback(publicHost) && !listensOnLoopback)
    warnings.push(
      `PUBLIC_URL is ${config.PUBLIC_URL} while Parley listens on ${config.HOST}: people on other machines get links to ${publicUrl.hostname} in emails, and every change they make is refused (Origin check). Set PUBLIC_URL to the address people use, e.g. https://portal.firm.example.`,
    );
  if (publicUrl.protocol === 'http:' && !isLoopback(publicHost))
    warnings.push(
      `PUBLIC_URL ${config.PUBLIC_URL} is http on a host other than this machine: sign-in cookies are sent without Secure, and passwords and files cross the network unencrypted. Put a reverse proxy with TLS in front (docs/deploy.md) and set an https PUBLIC_URL.`,
    );
  if (net.isIP(publicHost) !== 0 && !isLoopback(publicHost))
    warnings.push(
      `PUBLIC_URL's host ${publicUrl.hostname} is an IP address: browsers refuse passkeys there, so passkey sign-in is unavailable. Use a DNS name.`,
    );
  if (!config.SMTP_URL)
    warnings.push(
      `SMTP_URL is not set: invitations, sign-in links and notifications go to the outbox (${path.join(config.DATA_DIR, 'outbox')}, the Outbox page for admins) instead of people. Set SMTP_URL and MAIL_FROM.`,
    );
  if (config.DATABASE_URL && !config.SECRETS_KEY)
    warnings.push(
      `SECRETS_KEY is not set: this node seals secrets with its own ${path.join(config.DATA_DIR, 'secrets.key')}; give every node of a deployment the same SECRETS_KEY (openssl rand -base64 32).`,
    );
  if (config.DATABASE_URL && config.BLOB_STORE === 'local')
    warnings.push(
      `Files are stored on local disk (${path.join(config.DATA_DIR, 'blobs')}) while the database is PostgreSQL: if several nodes serve it, they must share DATA_DIR (one network file system) or use BLOB_STORE=s3, else a file uploaded on one node is missing on the others.`,
    );
  return { lines, warnings };
}

export const formatStartupReport = (report: StartupReport) =>
  `${[...report.lines, ...report.warnings.map((w) => `Warning: ${w}`)].join('\n')}\n`;
