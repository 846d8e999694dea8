import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../errors';
import { cleanHeaderText } from '../text';
import { invalidRequest } from './errors';
import { refuseBadText } from './input-guard';
import type { RequestMeta } from './request-meta';

/**
 * Who is calling, as the composition root's `deps.authenticate` answers (the types are
 * modules/access/actor.ts's: platform/ names no module).
 */
export type Authenticated = NonNullable<Awaited<ReturnType<Deps['authenticate']>>>;
type StaffActor = Extract<Authenticated, { type: 'staff' }>;
type PortalActor = Extract<Authenticated, { type: 'portal' }>;

export type AuthMode = 'none' | 'staff' | 'admin' | 'portal';
type ActorFor<A extends AuthMode> = A extends 'staff' | 'admin'
  ? StaffActor
  : A extends 'portal'
    ? PortalActor
    : undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<A extends AuthMode, P, Q, B> {
  actor: ActorFor<A>;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  meta: RequestMeta;
  deps: Deps;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<
  A extends AuthMode = AuthMode,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to /api/v1, with `:param` segments. */
  url: string;
  summary: string;
  tag: string;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** The body's media type when it is not JSON (a provider's form-encoded webhook), for OpenAPI. */
  bodyContentType?: string;
  /** Success status (200 by default) and the schema of its body, for OpenAPI. */
  status?: number;
  response?: z.ZodType;
  /** Extra error statuses this route answers with, for OpenAPI. */
  errors?: number[];
  /** Open to a staff session that must still enrol in TOTP (the firm requires it). */
  allowDuringTotpSetup?: boolean;
  /** Open to a staff session that must change its one-time password first (`/me`, logout, `POST /auth/password`). */
  allowDuringPasswordChange?: boolean;
  /**
   * Signs in and sets a session cookie (login CSRF): a browser's Origin (or Referer), when sent, must
   * be Parley's own, as for cookie writes; a client that sends neither (a script) is let through.
   */
  signIn?: boolean;
  handler: (ctx: RouteContext<A, P, Q, B>) => Promise<unknown>;
}

/** Identity helper so TypeScript infers each route's generics. */
export const route = <
  A extends AuthMode,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
>(
  spec: RouteSpec<A, P, Q, B>,
): RouteSpec => spec as unknown as RouteSpec;

export const API_PREFIX = '/api/v1';

/** Zod-parse one part of a request; a NUL or a lone surrogate anywhere in it is refused first. */
export function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  refuseBadText(value, where);
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? cleanHeaderText(ua, 500) : null };
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Under test every answer is checked against its route's `response` schema, so the contract that the
 * web app's types come from (and OpenAPI) cannot drift from what the server really sends. (Vitest
 * sets NODE_ENV=test, and the server processes of the browser journeys inherit it.)
 */
const CHECK_RESPONSES = process.env.NODE_ENV === 'test';

function checkResponse(spec: RouteSpec, result: unknown): void {
  const checked = spec.response?.safeParse(result);
  if (checked && !checked.success) {
    const where = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${spec.method} ${spec.url} answered outside its response schema: ${where}`);
  }
}

/**
 * Registers routes on the app, with auth, the Origin check for cookie sessions, and zod parsing of
 * params, query and body. The same specs feed the OpenAPI document (openapi.ts).
 */
export function registerRoutes(app: FastifyInstance, deps: Deps, specs: RouteSpec[]): void {
  for (const spec of specs) {
    deps.routes.push(spec);
    app.route({
      method: spec.method,
      url: API_PREFIX + spec.url,
      handler: async (request, reply) => {
        if (spec.signIn && (request.headers.origin !== undefined || request.headers.referer !== undefined))
          checkOrigin(deps, request);
        const actor = await authenticate(deps, request, spec.auth);
        if (actor?.type === 'staff' && actor.totpSetupRequired && !spec.allowDuringTotpSetup) {
          throw new AppError(
            'totp_setup_required',
            'Your firm requires an authenticator app. Set one up (POST /auth/totp/setup) to continue.',
          );
        }
        if (actor?.type === 'staff' && actor.passwordChangeRequired && !spec.allowDuringPasswordChange) {
          throw new AppError(
            'password_change_required',
            'You signed in with a one-time password. Choose a new one (POST /auth/password) to continue.',
          );
        }
        const ctx: RouteContext<AuthMode, z.ZodType, z.ZodType, z.ZodType> = {
          actor: actor as never,
          params: parseInput(spec.params, request.params, 'params'),
          query: parseInput(spec.query, request.query, 'query'),
          body: parseInput(spec.body, request.body, 'body'),
          meta: requestMeta(request),
          deps,
          request,
          reply,
        };
        const result = await spec.handler(ctx as never);
        if (answeredAlready(reply)) return undefined;
        const status = spec.status ?? 200;
        if (status === 204) return reply.status(204).send();
        if (CHECK_RESPONSES && spec.response) checkResponse(spec, result);
        return reply.status(status).send(result);
      },
    });
  }
}

/**
 * A handler that answers itself (a file stream, a 304, a logo) returns the reply, and awaiting a
 * Fastify reply waits until the response has finished OR the client went away mid-stream. In both
 * cases nothing more may be sent: sending again (or handing the reply object back to Fastify, which
 * would send it as the payload) is what logged ERR_HTTP_HEADERS_SENT and
 * FST_ERR_REP_INVALID_PAYLOAD_TYPE on downloads whose client closed early (issue #19 item 5).
 * Answer `undefined` then: Fastify sends nothing more once headers are out or the socket is gone.
 */
function answeredAlready(reply: FastifyReply): boolean {
  return reply.sent || reply.raw.headersSent || reply.raw.destroyed;
}

async function authenticate(
  deps: Deps,
  request: FastifyRequest,
  mode: AuthMode,
): Promise<Authenticated | undefined> {
  if (mode === 'none') return undefined;
  const kind = mode === 'portal' ? 'portal' : 'staff';
  const credential = readCredential(request, kind);
  if (!credential) throw new AppError('unauthenticated', 'Please sign in.');
  const actor = await deps.authenticate(credential.token, kind);
  if (!actor) throw new AppError('unauthenticated', 'Your session has ended. Please sign in again.');
  if (credential.viaCookie && STATE_CHANGING.has(request.method)) checkOrigin(deps, request);
  if (mode === 'admin' && (actor as StaffActor).role !== 'admin') {
    throw new AppError('forbidden', 'Only an administrator can do this.');
  }
  return actor;
}

export const SESSION_COOKIE = { staff: 'parley_session', portal: 'parley_portal' } as const;

export function readCredential(
  request: FastifyRequest,
  kind: 'staff' | 'portal',
): { token: string; viaCookie: boolean } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ? { token: match[1], viaCookie: false } : null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE[kind]];
  return cookie ? { token: cookie, viaCookie: true } : null;
}

/** A cookie-authenticated write must come from the app's own origin (CSRF defence). */
export function checkOrigin(deps: Deps, request: FastifyRequest): void {
  const origin = request.headers.origin ?? originOf(request.headers.referer);
  if (origin && deps.config.allowedOrigins.includes(origin)) return;
  throw originRefused(deps.config, origin, 'request');
}

/**
 * The Origin check's refusal names what came and what was expected, so the person setting Parley
 * up sees at once when PUBLIC_URL is not the address people use (the usual cause).
 */
export function originRefused(
  config: Pick<Deps['config'], 'PUBLIC_URL' | 'publicOrigin'>,
  origin: string | undefined,
  what: 'request' | 'connection',
): AppError {
  const came = origin ? `came from ${origin.slice(0, 200)}` : 'carried no Origin or Referer';
  const hint = origin
    ? ` If people reach Parley at ${origin.slice(0, 200)}, set PUBLIC_URL to that address.`
    : '';
  return new AppError(
    'forbidden',
    `This ${what} did not come from Parley itself (Origin check failed): it ${came}, but PUBLIC_URL is ${config.PUBLIC_URL}, so the origin must be ${config.publicOrigin}.${hint}`,
  );
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
