import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { defineJob } from '../../platform/jobs/queue';
import { PermanentJobError } from '../../platform/jobs/worker';
import type { RenderedEmail } from './email-templates';

const payload = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The firm's name as the sender's display name (jobs enqueued before it existed have none). */
  fromName: z.string().optional(),
  /** Fixed when the job is enqueued: a retry sends the same Message-ID, so receivers can drop a duplicate. */
  messageId: z.string(),
  firmIds: z.array(z.string()),
  /** What the outbox redacts (RenderedEmail.secrets); never sent. */
  secrets: z.array(z.string()).default([]),
});

/**
 * Sends one email through `deps.mail`. The worker marks the job done after the send; an SMTP 5xx
 * (the server refuses the mail for good) gives up at once, anything else is retried with backoff.
 */
export const sendEmailJob = defineJob({
  name: 'send-email',
  payload,
  maxAttempts: 12,
  redactWhenDone: true,
  handler: async (deps, email) => {
    try {
      await deps.mail.send(email);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600)
        throw new PermanentJobError(`SMTP refused the mail (${code})`);
      throw error;
    }
  },
});

/**
 * THE way to send an email: enqueue it inside the caller's transaction (DESIGN.md rule 7), so it
 * is sent if and only if the change commits, even if the process dies right after the commit.
 */
export async function enqueueEmail(
  tx: Queryable,
  deps: Deps,
  email: RenderedEmail & { to: string; firmIds: string[] },
): Promise<void> {
  const host = new URL(deps.config.PUBLIC_URL).hostname;
  await deps.jobs.enqueue(
    tx,
    sendEmailJob,
    { ...email, messageId: `<${randomUUID()}@${host}>` },
    { firmId: email.firmIds.length === 1 ? email.firmIds[0] : null },
  );
}
