import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps';
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
