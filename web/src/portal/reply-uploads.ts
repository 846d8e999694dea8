import { FILE_BYTES_MAX } from '@parley/contracts/constants';
import { useCallback, useEffect, useRef, useState } from 'react';
import { uploadFile } from '../ui/upload';

/** One file of a reply: it uploads as soon as it is picked, so progress and errors show before Send. */
export interface ReplyFile {
  key: string;
  file: File;
  sent: number;
  /** When the bytes began to go (for the time left). */
  startedAt: number;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'tooLarge';
  uploadId?: string;
  error?: unknown;
}

interface Job {
  abort: AbortController;
  done: Promise<void>;
}

const aborted = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/**
 * The files of one reply box: `add` starts each upload (a file over the limit is refused at once,
 * with nothing uploaded), `remove` and `cancel` abort a running one (tus terminates it on the
 * server), `retry` goes on from the server's offset, `settled` waits for what still runs.
 */
export function useReplyUploads() {
  const [files, setFiles] = useState<ReplyFile[]>([]);
  // The same list, current at once (Send reads it right after the uploads settle).
  const latest = useRef<ReplyFile[]>([]);
  const update = useCallback((change: (list: ReplyFile[]) => ReplyFile[]) => {
    latest.current = change(latest.current);
    setFiles(latest.current);
  }, []);
  const jobs = useRef(new Map<string, Job>());
  const patch = useCallback(
    (key: string, change: Partial<ReplyFile>) =>
      update((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f))),
    [update],
  );

  const start = useCallback(
    (key: string, file: File) => {
      const abort = new AbortController();
      const done = uploadFile(file, (p) => patch(key, { sent: p.sent }), abort.signal).then(
        (uploadId) => {
          if (jobs.current.get(key)?.abort === abort)
            patch(key, { status: 'done', uploadId, sent: file.size });
        },
        (error: unknown) => {
          if (jobs.current.get(key)?.abort !== abort) return;
          patch(key, aborted(error) ? { status: 'cancelled' } : { status: 'failed', error });
        },
      );
      jobs.current.set(key, { abort, done });
      patch(key, { status: 'running', sent: 0, startedAt: Date.now(), error: undefined });
    },
    [patch],
  );

  // Leaving the conversation stops what still uploads.
  useEffect(() => {
    const running = jobs.current;
    return () => {
      for (const job of running.values()) job.abort.abort();
    };
  }, []);

  return {
    files,
    add(picked: File[]) {
      const added = picked.map((file) => ({
        key: crypto.randomUUID(),
        file,
        sent: 0,
        startedAt: Date.now(),
        status: file.size > FILE_BYTES_MAX ? ('tooLarge' as const) : ('running' as const),
      }));
      update((list) => [...list, ...added]);
      for (const f of added) if (f.status === 'running') start(f.key, f.file);
    },
    remove(key: string) {
      jobs.current.get(key)?.abort.abort();
      jobs.current.delete(key);
      update((list) => list.filter((f) => f.key !== key));
    },
    cancel(key: string) {
      jobs.current.get(key)?.abort.abort();
    },
    retry(key: string) {
      const f = latest.current.find((x) => x.key === key);
      if (f) start(key, f.file);
    },
    /** Waits for every running upload to end (finished, failed or cancelled): the files then. */
    async settled(): Promise<ReplyFile[]> {
      await Promise.all([...jobs.current.values()].map((j) => j.done));
      return latest.current;
    },
    clear() {
      jobs.current.clear();
      update(() => []);
    },
  };
}
