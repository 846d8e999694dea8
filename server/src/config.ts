import path from 'node:path';
import { FILE_BYTES_MAX } from '@parley/contracts/constants';
import { z } from 'zod';
import { parseSecretsKey } from './platform/crypto/secret-box';

/**
 * The ONE schema for the environment (API.md "Configuration"). Parsed once at start;
 * a bad value stops the server with a message that names the variable.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

export const envSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
    BLOB_STORE: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: optional(z.url()),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: optional(z.string().min(1)),
    S3_ACCESS_KEY_ID: optional(z.string().min(1)),
    S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
    S3_FORCE_PATH_STYLE: optional(bool),
    REDIS_URL: optional(z.url({ protocol: /^rediss?$/ })),
    SMTP_URL: optional(z.url({ protocol: /^smtps?$/ })),
    MAIL_FROM: z.string().min(3).default('Parley <no-reply@parley.local>'),
    /**
     * Without SMTP/Twilio, `GET /dev/outbox` shows sign-in links, quick-reply links and codes with
     * their token as "…"; true shows them whole (tests, local trials).
     */
    OUTBOX_SHOW_SECRETS: bool.default(false),
    TWILIO_ACCOUNT_SID: optional(z.string().min(1)),
    TWILIO_AUTH_TOKEN: optional(z.string().min(1)),
    TWILIO_FROM: optional(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +15551234567')),
    TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    FIRM_NAME: optional(z.string().min(1).max(200)),
    ADMIN_EMAIL: optional(z.email()),
    ADMIN_PASSWORD: optional(z.string().min(12, 'must be at least 12 characters').max(1024)),
    NOTIFY_QUIET_MINUTES: z.coerce.number().min(0).default(15),
    LIMIT_FILE_BYTES: positiveInt.default(FILE_BYTES_MAX),
    LIMIT_FILES_PER_FOLDER: positiveInt.default(130),
    /** Unfinished (or finished but never used) uploads are removed with their bytes after this. */
    UPLOAD_EXPIRE_HOURS: z.coerce.number().positive().default(24),
    LIMIT_FILES_PER_SEND: positiveInt.default(130),
    SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
    LOGIN_LIMIT_PER_IP: positiveInt.default(20),
    LOGIN_LIMIT_PER_ACCOUNT: positiveInt.default(10),
    LOGIN_LIMIT_WINDOW_MINUTES: positiveInt.default(15),
    /** Quick-reply link requests (page loads and replies) per token, and per IP, per 15 minutes. */
    QUICK_REPLY_LIMIT_PER_TOKEN: positiveInt.default(30),
    QUICK_REPLY_LIMIT_PER_IP: positiveInt.default(100),
    /** Worker nodes chain newly appended audit rows this often (DESIGN.md rule 9). */
    AUDIT_SEAL_INTERVAL_MS: positiveInt.default(200),
    /** Worker nodes sign each firm's audit chain head this often, into the blob store and the log. */
    AUDIT_CHECKPOINT_INTERVAL_MS: positiveInt.default(300_000),
    ROLES: z
      .string()
      .default('web,worker')
      .transform((v) => v.split(',').map((r) => r.trim()))
      .pipe(z.array(z.enum(['web', 'worker'])).min(1)),
    PHONE_DEFAULT_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code like US or GB')
      .default('US'),
    /**
     * 32 bytes (64 hex digits or base64) that seal stored secrets (TOTP seeds); every node of a
     * deployment needs the same. Unset: DATA_DIR/secrets.key, made on first start.
     */
    SECRETS_KEY: optional(
      z.string().transform((value, ctx) => {
        const key = parseSecretsKey(value);
        if (typeof key !== 'string') return key;
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }),
    ),
    /**
     * `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>` when set; unset, it answers only
     * to a loopback peer that no proxy forwarded.
     */
    METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
    /**
     * Behind a reverse proxy: which peers' `X-Forwarded-For`/`-Proto`/`-Host` to believe, so the
     * client's address (audit rows, per-IP limits) is the person's, not the proxy's: `loopback`, or
     * a comma-separated list of addresses/CIDRs, or `true` (any peer: only when nothing but the
     * proxy can reach Parley). Unset: the headers are ignored.
     */
    TRUST_PROXY: optional(
      z
        .string()
        .min(1)
        .transform((v): boolean | string => (v === 'true' ? true : v)),
    ),
    /** Serve the built web app (web/dist) from this server. */
    SERVE_WEB: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.BLOB_STORE === 's3') {
      for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when BLOB_STORE=s3' });
      }
    }
    const twilio = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;
    const set = twilio.filter((k) => env[k]);
    if (set.length > 0 && set.length < twilio.length) {
      for (const key of twilio.filter((k) => !env[k])) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required when any TWILIO_* variable is set',
        });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  PUBLIC_URL: string;
  DATA_DIR: string;
  /** true when PUBLIC_URL is https: cookies get the Secure flag. */
  secureCookies: boolean;
  publicOrigin: string;
  /** Origins a cookie-authenticated write may come from: PUBLIC_URL's, plus its loopback aliases. */
  allowedOrigins: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(
  source: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment';
        const value = source[String(issue.path[0])];
        const shown = value === undefined || /SECRET|PASSWORD|TOKEN/.test(name) ? '' : ` (got "${value}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const url = new URL(publicUrl);
  return {
    ...env,
    PUBLIC_URL: publicUrl,
    DATA_DIR: path.resolve(env.DATA_DIR),
    secureCookies: url.protocol === 'https:',
    publicOrigin: url.origin,
    allowedOrigins: allowedOrigins(url),
  };
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** http://localhost:3000 is also reached as http://127.0.0.1:3000: accept both for a loopback PUBLIC_URL. */
function allowedOrigins(url: URL): string[] {
  if (!LOOPBACK.includes(url.hostname)) return [url.origin];
  const port = url.port ? `:${url.port}` : '';
  return LOOPBACK.map((host) => `${url.protocol}//${host}${port}`);
}
