import multipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps';
import { AppError } from '../../../platform/http/errors';
import { invalidText, refuseBadText } from '../../../platform/http/input-guard';
import { fileTooLarge } from '../contents';

/** Room for the multipart envelope (boundaries, part headers, the folderId field). */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * multipart/form-data uploads: each file part is a stream handed to the blob store as it arrives
 * (never buffered whole). busboy cuts a part off at LIMIT_FILE_BYTES.
 */
export async function registerMultipart(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(multipart, {
    limits: {
      fileSize: deps.config.LIMIT_FILE_BYTES,
      files: deps.config.LIMIT_FILES_PER_FOLDER + 1, // the 131st file meets folder_full, not a busboy error
      fields: 5,
      fieldSize: 1000,
      parts: deps.config.LIMIT_FILES_PER_FOLDER + 6,
    },
    throwFileSizeLimit: true,
    // Keep the name as sent: it is only ever displayed ("../../etc/passwd" is just a name here).
    preservePath: true,
  });
}

/**
 * A multipart request announcing more than one file's worth of bytes is refused before any byte is
 * read (DESIGN.md rule 4). Several big files at once go through tus instead.
 */
export function checkMultipartLength(deps: Deps, request: FastifyRequest): void {
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > deps.config.LIMIT_FILE_BYTES + ENVELOPE_BYTES)
    throw fileTooLarge(deps.config.LIMIT_FILE_BYTES);
}

/** One part of a multipart/form-data request, as the upload use-cases read it. */
export type FormPart =
  | { type: 'field'; name: string; value: string }
  | {
      type: 'file';
      filename: string;
      mimetype: string;
      content: AsyncIterable<Buffer>;
      /** True when busboy cut the file off at LIMIT_FILE_BYTES. */
      truncated(): boolean;
    };

/**
 * The request's parts, with what is wrong with the form itself answered 400 `invalid_request`
 * instead of 500: no boundary, a body that ends before the closing boundary (also mid-file),
 * malformed part headers, and field values or file names that are not NUL-free UTF-8 (issue #19
 * item 4).
 * @fastify/multipart's own limit errors keep their status (they carry `statusCode`).
 */
export async function* formParts(request: FastifyRequest): AsyncGenerator<FormPart> {
  const iterator = request.parts()[Symbol.asyncIterator]();
  while (true) {
    let next: IteratorResult<Multipart>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw unreadableForm(error);
    }
    if (next.done) return;
    const part = next.value;
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      refuseFormText(part.fieldname, value);
      yield { type: 'field', name: part.fieldname, value };
      continue;
    }
    refuseFormText('filename', part.filename ?? '');
    const file = part.file;
    yield {
      type: 'file',
      filename: part.filename ?? '',
      mimetype: part.mimetype,
      content: (async function* () {
        try {
          for await (const chunk of file) yield chunk as Buffer;
        } catch (error) {
          throw unreadableForm(error);
        }
      })(),
      truncated: () => file.truncated,
    };
  }
}

/**
 * busboy decodes field values and file names as UTF-8, turning bytes that are not into U+FFFD, so
 * the original bytes are gone: a U+FFFD here is taken for bytes that were not text (no real file
 * name needs the replacement character).
 */
function refuseFormText(field: string, value: string): void {
  refuseBadText({ [field]: value }, 'form');
  if (value.includes('\ufffd'))
    throw invalidText({ field: `form.${field}`, message: 'is not valid UTF-8 text' });
}

function unreadableForm(error: unknown): unknown {
  if (error instanceof AppError || typeof (error as { statusCode?: unknown }).statusCode === 'number')
    return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('invalid_request', `The upload form could not be read (${reason}).`);
}
