import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call } from './helpers';

/** A valid 1×1 PNG image. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface FilePart {
  name: string;
  content: Buffer | string;
  type?: string;
}

/** A multipart/form-data body: optional fields first, then the file parts. */
export function multipart(files: FilePart[], fields: Record<string, string> = {}) {
  const boundary = `----parley${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    const encoded = file.name.replace(/"/g, '%22');
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encoded}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function uploadFiles(
  app: FastifyInstance,
  as: { token: string },
  matterId: string,
  files: FilePart[],
  fields: Record<string, string> = {},
) {
  const { payload, headers } = multipart(files, fields);
  return call(app, 'POST', `/matters/${matterId}/documents`, { as, payload, headers });
}

export async function createMatter(
  app: FastifyInstance,
  as: { token: string },
  body: Record<string, unknown> = {},
) {
  const res = await call(app, 'POST', '/matters', {
    as,
    body: { title: `Matter ${randomUUID().slice(0, 6)}`, ...body },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; rootFolderId: string };
}

/** Upload with the off-the-shelf tus client; resolves with the upload id (last URL segment). */
export async function tusUpload(
  baseUrl: string,
  token: string,
  data: Buffer,
  metadata: Record<string, string> = {},
  options: Partial<import('tus-js-client').UploadOptions> = {},
  /** Told the upload's URL as soon as the server made it. */
  onUrl?: (url: string) => void,
): Promise<string> {
  const tus = await import('tus-js-client');
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(data, {
      endpoint: `${baseUrl}/api/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata,
      retryDelays: [],
      ...options,
      onUploadUrlAvailable: () => onUrl?.(upload.url!),
      onError: reject,
      onSuccess: () => resolve(upload.url!.split('/').pop()!),
    });
    upload.start();
  });
}

export const TUS = { 'tus-resumable': '1.0.0' };
