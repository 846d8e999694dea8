import { z } from 'zod';
import type { Deps } from '../../deps';
import { defineJob } from '../../platform/jobs/queue';
import { expireUploads } from './uploads/upload-store';

const EVERY_MS = 15 * 60_000;

/** Runs every 15 minutes: abandoned uploads go, with their bytes. Re-enqueues its next run. */
export const expireUploadsJob = defineJob({
  name: 'files.expire-uploads',
  payload: z.object({}),
  maxAttempts: 3,
  handler: async (deps) => {
    await expireUploads(deps);
    await scheduleUploadExpiry(deps, Date.now() + EVERY_MS);
  },
});

/** One pending run per 15-minute slot, whichever node asks (the dedupe key is the slot). */
export async function scheduleUploadExpiry(deps: Deps, at = Date.now()): Promise<void> {
  const slot = Math.floor(at / EVERY_MS);
  await deps.jobs.enqueue(
    deps.db,
    expireUploadsJob,
    {},
    { dedupeKey: String(slot), runAt: new Date(slot * EVERY_MS) },
  );
}
