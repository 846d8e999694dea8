import { useState } from 'react';
import { errorMessage } from '../../ui/api';
import { formatBytes } from '../../ui/format';

export interface UploadState {
  key: string;
  name: string;
  sent: number;
  total: number;
  error?: string;
  done?: boolean;
}

/** All Files' uploads (new files and new versions): each tracked with its progress and its error in words. */
export function useUploads(onDone: () => void) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const patch = (key: string, change: Partial<UploadState>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  function track(
    name: string,
    size: number,
    run: (onProgress: (sent: number, total: number) => void) => Promise<unknown>,
  ) {
    const key = `${name}-${size}-${Date.now()}-${Math.random()}`;
    setUploads((list) => [...list, { key, name, sent: 0, total: size }]);
    void run((sent, total) => patch(key, { sent, total }))
      .then(() => {
        patch(key, { done: true, sent: size });
        onDone();
        // A finished row goes after a moment; failures stay, with their reason.
        setTimeout(() => setUploads((list) => list.filter((u) => u.key !== key)), 4000);
      })
      .catch((err: unknown) => patch(key, { error: errorMessage(err) }));
  }
  return { uploads, track };
}

export function UploadList({ uploads }: { uploads: UploadState[] }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="list" aria-label="Uploads">
      {uploads.map((u) => (
        <li key={u.key}>
          <span className="name">{u.name}</span>
          <progress value={u.total ? u.sent / u.total : 0} max={1} aria-label={`Uploading ${u.name}`} />
          <span className="muted">
            {u.error ? <span className="error">{u.error}</span> : u.done ? 'Done' : formatBytes(u.sent)}
          </span>
        </li>
      ))}
    </ul>
  );
}
