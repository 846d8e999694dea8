import * as tus from 'tus-js-client';

export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * A resumable upload through tus (`/api/v1/uploads`), using the session cookie. It retries and
 * resumes after the network drops (tus-js-client keeps the upload URL per file fingerprint).
 * Resolves with the uploadId for the JSON forms of the API.
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
      onError: (error) => reject(error),
      onSuccess: () => {
        const url = upload.url ?? '';
        resolve(url.slice(url.lastIndexOf('/') + 1));
      },
    });
    signal?.addEventListener('abort', () => {
      void upload.abort(true);
      reject(new DOMException('Upload cancelled', 'AbortError'));
    });
    void upload.findPreviousUploads().then((previous) => {
      const last = previous[0];
      if (last) upload.resumeFromPreviousUpload(last);
      upload.start();
    });
  });
}
