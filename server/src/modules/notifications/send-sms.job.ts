import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { defineJob } from '../../platform/jobs/queue';

const payload = z.object({
  to: z.string(),
  body: z.string(),
  idempotencyKey: z.string(),
  firmIds: z.array(z.string()),
  /** What the outbox redacts (a code); never sent. */
  secrets: z.array(z.string()).default([]),
});

/** A plain SMS with no delivery tracking (step-up codes). Message SMS with per-recipient status are messaging's. */
export const sendSmsJob = defineJob({
  name: 'send-sms',
  payload,
  maxAttempts: 8,
  redactWhenDone: true,
  handler: async (deps, sms) => {
    await deps.sms.send(sms);
  },
});

/** Enqueue an SMS inside the caller's transaction (DESIGN.md rule 7). */
export async function enqueueSms(
  tx: Queryable,
  deps: Deps,
  sms: { to: string; body: string; firmIds: string[]; secrets?: string[] },
): Promise<void> {
  await deps.jobs.enqueue(
    tx,
    sendSmsJob,
    { ...sms, idempotencyKey: randomUUID() },
    { firmId: sms.firmIds.length === 1 ? sms.firmIds[0] : null },
  );
}
