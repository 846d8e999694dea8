import * as tus from 'tus-js-client';
import { ApiError, errorMessage, readAnswer } from './api';

export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * The server's answer to a failed tus request as an `ApiError` (its code and sentence: 401
 * `unauthenticated`, 413 `file_too_large` ...), or the network one when no answer came.
 */
async function uploadError(error: Error): Promise<ApiError> {
  const res = (error as tus.DetailedError).originalResponse;
  const status = res?.getStatus() ?? 0;
  if (!res || status < 400 || status > 599) return new ApiError(0, 'network', errorMessage(error));
  try {
    await readAnswer(new Response(res.getBody() || null, { status }));
  } catch (err) {
    if (err instanceof ApiError) return err;
  }
  return new ApiError(0, 'network', errorMessage(error));
}

/**
 * A resumable upload through tus (`/api/v1/uploads`), using the session cookie. It retries and
 * resumes after the network drops (each chunk after `retryDelays`; a later call for the same file
 * goes on from the server's offset, since tus-js-client keeps the upload URL per file fingerprint).
 * Resolves with the uploadId for the JSON forms of the API; rejects with an `ApiError`, or an
 * `AbortError` when `signal` stops it (the upload is then terminated on the server too).
 */
export function uploadFile(
  file: File,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {
      endpoint: '/api/v1/uploads',
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: true,
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
      onProgress: (sent, total) => onProgress({ sent, total }),
      onError: (error) => void uploadError(error).then(reject),
      onSuccess: () => {
        const url = upload.url ?? '';
        resolve(url.slice(url.lastIndexOf('/') + 1));
      },
    });
    signal?.addEventListener('abort', () => {
      // `true`: a DELETE (tus termination) for what the server holds already.
      void upload.abort(true).catch(() => {});
      reject(new DOMException('Upload cancelled', 'AbortError'));
    });
    void upload.findPreviousUploads().then((previous) => {
      if (signal?.aborted) return;
      const last = previous[0];
      if (last) upload.resumeFromPreviousUpload(last);
      upload.start();
    });
  });
}
