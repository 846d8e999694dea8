import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { invalidText, refuseBadText } from './input-guard';

/** One part of a multipart/form-data request, as the use-cases that take uploads read it. */
export type FormPart =
  | { type: 'field'; name: string; value: string }
  | {
      type: 'file';
      /** The part's field name. */
      name: string;
      filename: string;
      mimetype: string;
      content: AsyncIterable<Buffer>;
      /** True when busboy cut the file off at its `fileSize` limit. */
      truncated(): boolean;
    };

/**
 * The request's parts, with what is wrong with the form itself answered 400 `invalid_request`
 * instead of 500: no boundary, a body that ends before the closing boundary (also mid-file),
 * malformed part headers, and field values or file names that are not NUL-free UTF-8 (issue #19
 * item 4).
 * @fastify/multipart's own limit errors keep their status (they carry `statusCode`).
 */
export async function* formParts(request: Pick<FastifyRequest, 'parts'>): AsyncGenerator<FormPart> {
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
      name: part.fieldname,
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
  return new AppError('invalid_request', `The form could not be read (${reason}).`);
}
