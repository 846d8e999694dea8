/**
 * The one client of the HTTP API: `api("GET /matters/:id", {params: {id}})`. The route names its
 * body, query and answer types (`endpoints.ts`, from `@parley/contracts`), so a call with a wrong
 * field, a missing parameter or a misread answer does not compile. Errors become `ApiError`s whose
 * `message` is written for people (`errors.ts`).
 */
import type { ErrorCode } from './api-types';
import type { BodyOf, Endpoint, QueryOfEndpoint, ResponseOf } from './endpoints';
import { describeError } from './errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's code (`contracts/src/errors.ts`), or `network` when no answer came. */
    readonly code: ErrorCode | 'network',
    /** Said for people: what happened and what to do. */
    message: string,
    readonly details?: unknown,
    /** The server's own sentence (may name ids or fields). */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `:name` segments of a route's path. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
type PathOf<E extends Endpoint> = E extends `${string} ${infer Path}` ? Path : never;
type ParamsOf<E extends Endpoint> = [ParamNames<PathOf<E>>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<PathOf<E>>, string> };
type BodyArg<E extends Endpoint> = [BodyOf<E>] extends [undefined]
  ? { body?: undefined }
  : { body: BodyOf<E> };
type QueryArg<E extends Endpoint> = [QueryOfEndpoint<E>] extends [undefined]
  ? { query?: undefined }
  : { query?: QueryOfEndpoint<E> };

export type CallOptions<E extends Endpoint> = ParamsOf<E> &
  BodyArg<E> &
  QueryArg<E> & { signal?: AbortSignal };
/** The options argument may be left out when nothing in it is required. */
export type CallArgs<E extends Endpoint> =
  object extends CallOptions<E> ? [options?: CallOptions<E>] : [options: CallOptions<E>];

type QueryValue = string | number | boolean | null | undefined;

/** `/api/v1` + the route's path with its parameters filled in and its query appended. */
export function apiUrl<E extends Endpoint>(endpoint: E, ...[options]: CallArgs<E>): string {
  const path = endpoint.slice(endpoint.indexOf(' ') + 1);
  const params = (options?.params ?? {}) as Record<string, string>;
  const filled = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${endpoint}: missing :${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((options?.query ?? {}) as Record<string, QueryValue>)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `/api/v1${filled}${query ? `?${query}` : ''}`;
}

export async function api<E extends Endpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>> {
  const [options] = args;
  const method = endpoint.slice(0, endpoint.indexOf(' '));
  const body = options?.body;
  let res: Response;
  try {
    res = await fetch(apiUrl(endpoint, ...args), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options?.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', describeError('network', undefined, undefined, null));
  }
  return readAnswer<ResponseOf<E>>(res);
}

/** Routes whose body is a multipart form (`PUT /firm/logo`: one part named `file`). */
export type MultipartEndpoint = 'PUT /firm/logo';

/** A multipart request: the browser writes the form's boundary; the answer is read as `api()` reads it. */
export async function apiForm<E extends MultipartEndpoint>(
  endpoint: E,
  form: FormData,
): Promise<ResponseOf<E>> {
  const [method, path] = endpoint.split(' ') as [string, string];
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'network', describeError('network', undefined, undefined, null));
  }
  return readAnswer<ResponseOf<E>>(res);
}

/** The answer of any API request (also multipart ones made elsewhere): its JSON, or an `ApiError`. */
export async function readAnswer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
    ?.error;
  const code = (error?.code ?? (res.status >= 500 ? 'internal_error' : 'invalid_request')) as ErrorCode;
  throw new ApiError(
    res.status,
    code,
    describeError(code, error?.message, error?.details, res.headers.get('retry-after')),
    error?.details,
    error?.message,
  );
}

/** What to show a person for any failure. */
export const errorMessage = (error: unknown) =>
  error instanceof ApiError ? error.message : describeError('network', undefined, undefined, null);
