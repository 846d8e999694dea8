import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Server } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps';
import { AppError } from '../../../platform/errors';
import { API_PREFIX, checkOrigin, readCredential, route, SESSION_COOKIE } from '../../../platform/http/route';
import { badBytesReason, badTextReason, cleanHeaderText } from '../../../platform/text';
import type { Actor } from '../../access/actor';
import { nodePatchHandler } from './node-patch';
import { DbUploadStore } from './upload-store';
import { isUploadOwnedBy } from './uploads.repository';

export const UPLOADS_PATH = `${API_PREFIX}/uploads`;

/** tus's plain-text errors, as the API's JSON errors. */
const TUS_ERRORS: Record<number, { code: string; message: string }> = {
  404: { code: 'not_found', message: 'This upload was not found (it may have expired).' },
  410: { code: 'not_found', message: 'This upload has expired.' },
  413: { code: 'file_too_large', message: 'The file is larger than this server accepts.' },
};

/**
 * Resumable uploads: tus 1.0.0 (creation, creation-with-upload, termination, expiration) at
 * /api/v1/uploads, served by @tus/server on the raw request so bytes stream straight to the blob
 * store. Staff and portal users may upload; each upload belongs to its creator, and only they can
 * see, continue, delete or use it.
 */
export async function registerTus(app: FastifyInstance, deps: Deps): Promise<void> {
  const creators = new WeakMap<IncomingMessage, Actor>();
  const owners = new Map<string, Actor>();
  const store = new DbUploadStore(deps, owners);
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    maxSize: deps.config.LIMIT_FILE_BYTES,
    relativeLocation: true,
    namingFunction: (req) => {
      const id = randomUUID();
      const node = (req as unknown as { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;
      const actor = node ? creators.get(node) : undefined;
      if (!actor) throw { status_code: 401, body: 'unauthenticated' };
      owners.set(id, actor);
      return id;
    },
    onResponseError: async (req, error) => {
      const status = 'status_code' in error ? error.status_code : 500;
      if (status === 413 && req.method === 'PATCH') {
        // More bytes than the upload declared: the client is cut off, and nothing of it is kept.
        const id = new URL(req.url).pathname.split('/').pop();
        if (id) await store.remove(id).catch(() => {});
      }
      if (status >= 500) deps.log.error({ err: error }, 'upload failed');
      const known = TUS_ERRORS[status];
      const body = known ?? {
        code: status >= 500 ? 'internal_error' : 'invalid_request',
        message:
          status >= 500
            ? 'Something went wrong on our side. Please try again.'
            : `The upload request was refused: ${'body' in error ? String(error.body).trim() : 'invalid'}.`,
      };
      return { status_code: status, body: JSON.stringify({ error: body }) };
    },
  });
  tus.handlers.PATCH = nodePatchHandler(tus);

  deps.routes.push(...tusDocs);
  await app.register(async (scope) => {
    // tus reads the raw body itself: Fastify must not parse or buffer it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'OPTIONS') {
        const actor = await authenticateUploader(deps, request);
        if (request.method === 'POST') checkCreationHeaders(request);
        const id = (request.params as { id?: string }).id;
        if (id && !(await ownsUpload(deps, actor, id))) {
          throw new AppError('not_found', 'This upload was not found (it may have expired).');
        }
        creators.set(request.raw, actor);
      }
      reply.hijack();
      await tus.handle(request.raw, reply.raw);
    };
    scope.all(UPLOADS_PATH, handler);
    scope.all(`${UPLOADS_PATH}/:id`, handler);
  });
}

/**
 * What tus would otherwise store or refuse badly: a deferred length (not offered: the size limit
 * is checked at creation; tus answered 501) → 400, and metadata values that are not NUL-free
 * UTF-8 (PostgreSQL refuses U+0000 in jsonb: a 500) → 400 `invalid_request`.
 */
function checkCreationHeaders(request: FastifyRequest): void {
  if (request.headers['upload-defer-length'] !== undefined) {
    throw new AppError(
      'invalid_request',
      'Deferred upload length is not supported: send Upload-Length with the size of the file.',
      [{ field: 'headers.upload-defer-length', message: 'is not supported' }],
    );
  }
  const metadata = request.headers['upload-metadata'];
  if (typeof metadata !== 'string') return;
  for (const pair of metadata.split(',')) {
    const [key = '', value = ''] = pair.trim().split(' ');
    const reason = badTextReason(key) ?? badBytesReason(Buffer.from(value, 'base64'));
    if (reason) {
      throw new AppError(
        'invalid_request',
        `The upload's metadata "${cleanHeaderText(key, 40)}" ${reason}.`,
        [{ field: `headers.upload-metadata.${cleanHeaderText(key, 40)}`, message: reason }],
      );
    }
  }
}

/** The tus endpoints, for the OpenAPI document only (tus itself answers them). */
const documentedOnly = async () => undefined;
const tusDocs = [
  route({
    method: 'POST',
    url: '/uploads',
    summary: 'tus 1.0.0 creation (Upload-Length, Upload-Metadata filename/filetype); 413 over the limit',
    tag: 'uploads',
    auth: 'staff',
    status: 201,
    errors: [413],
    handler: documentedOnly,
  }),
  route({
    method: 'PATCH',
    url: '/uploads/:id',
    summary: 'tus 1.0.0: append bytes at Upload-Offset (HEAD gives the offset to resume from)',
    tag: 'uploads',
    auth: 'staff',
    status: 204,
    errors: [404, 409, 413],
    handler: documentedOnly,
  }),
  route({
    method: 'DELETE',
    url: '/uploads/:id',
    summary: 'tus 1.0.0 termination: the upload and its bytes are removed',
    tag: 'uploads',
    auth: 'staff',
    status: 204,
    errors: [404],
    handler: documentedOnly,
  }),
];

/** Staff or portal user, by bearer token or either session cookie. */
async function authenticateUploader(deps: Deps, request: FastifyRequest): Promise<Actor> {
  const staff = readCredential(request, 'staff');
  const portal = request.cookies?.[SESSION_COOKIE.portal];
  const attempts: { token: string; kind: 'staff' | 'portal'; viaCookie: boolean }[] = [];
  if (staff) attempts.push({ ...staff, kind: 'staff' });
  if (staff && !staff.viaCookie) attempts.push({ ...staff, kind: 'portal' });
  if (!staff && portal) attempts.push({ token: portal, kind: 'portal', viaCookie: true });
  if (attempts.length === 0) throw new AppError('unauthenticated', 'Please sign in.');
  for (const attempt of attempts) {
    const actor = await deps.authenticate(attempt.token, attempt.kind);
    if (!actor) continue;
    if (attempt.viaCookie && !['GET', 'HEAD'].includes(request.method)) checkOrigin(deps, request);
    return actor;
  }
  throw new AppError('unauthenticated', 'Your session has ended. Please sign in again.');
}

function ownsUpload(deps: Deps, actor: Actor, id: string): Promise<boolean> {
  return isUploadOwnedBy(deps.db, actor, id);
}
