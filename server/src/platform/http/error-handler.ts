import { errorStatus } from '@parley/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { BlobMissingError } from '../blobs/blob-store';
import { AppError } from '../errors';

/**
 * The one place that maps errors to HTTP: an AppError's code to its status (`errorStatus` of
 * contracts/src/errors.ts), Fastify's own errors to 400/413. An unknown error's message never
 * reaches the client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(errorStatus[error.code]).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      });
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (fastifyError.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({
        error: { code: 'file_too_large', message: 'The file is larger than this server accepts.' },
      });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own parse errors: bad JSON, wrong content type, body over the JSON limit.
      return reply.status(400).send({
        error: { code: 'invalid_request', message: describeClientError(fastifyError) },
      });
    }
    // A missing blob is a setup problem: its message (where, and the usual cause) is the log line.
    request.log.error({ err: error }, error instanceof BlobMissingError ? error.message : 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
    });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: 'There is nothing at this address.' } }),
  );
}

function describeClientError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This content type is not accepted here; send application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty.';
    default:
      if (error instanceof SyntaxError || /JSON/i.test(error.message)) return 'The body is not valid JSON.';
      return 'The request could not be read.';
  }
}
