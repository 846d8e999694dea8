import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BlobStore } from '../../platform/blobs/blob-store';
import type { SecretBox } from '../../platform/crypto/secret-box';
import type { Db } from '../../platform/db/database';
import { chainHeads } from './audit-chain.repository';

/**
 * Signed checkpoints of each firm's audit chain head (issue #19 item 8): the chain alone can be
 * rewritten by anyone who can write the database (re-chain from some row, move `audit_heads`
 * back). A checkpoint `{firmId, seq, hash, at}` signed with an Ed25519 key the database does not
 * hold (derived from SECRETS_KEY, or DATA_DIR/secrets.key) is written OUTSIDE it, to the blob store
 * (`audit-checkpoints/<firmId>/latest.json` and one file per checkpoint) and to the log; `audit:verify`
 * then checks that the chain still passes through every signed (seq, hash).
 */
export const auditCheckpoint = z.object({
  v: z.literal(1),
  firmId: z.string(),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  /** The signer's Ed25519 public key, raw 32 bytes as base64url (compare with a pinned one). */
  publicKey: z.string(),
  signature: z.string(),
});
export type AuditCheckpoint = z.infer<typeof auditCheckpoint>;

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface CheckpointKey {
  privateKey: KeyObject;
  /** Raw 32 bytes, base64url. */
  publicKey: string;
}

/** The signing key: a seed derived from the node's secrets key, so every node signs alike. */
export function checkpointKey(secrets: SecretBox): CheckpointKey {
  const seed = secrets.deriveKey('audit-checkpoint-ed25519-v1');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: String(jwk.x) };
}

const signedText = (c: Pick<AuditCheckpoint, 'firmId' | 'seq' | 'hash' | 'at'>) =>
  `parley-audit-checkpoint:v1|${c.firmId}|${c.seq}|${c.hash}|${c.at}`;

export function signCheckpoint(
  key: CheckpointKey,
  head: { firmId: string; seq: number; hash: string },
  at = new Date(),
): AuditCheckpoint {
  const body = { firmId: head.firmId, seq: head.seq, hash: head.hash, at: at.toISOString() };
  const signature = sign(null, Buffer.from(signedText(body)), key.privateKey).toString('base64url');
  return { v: 1, ...body, publicKey: key.publicKey, signature };
}

/** Whether the signature holds, made by `publicKey` (raw base64url): the pinned key, or the checkpoint's own. */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKey: string): boolean {
  if (checkpoint.publicKey !== publicKey) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(
      null,
      Buffer.from(signedText(checkpoint)),
      key,
      Buffer.from(checkpoint.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

export const latestCheckpointName = (firmId: string) => `audit-checkpoints/${firmId}/latest.json`;

export async function readLatestCheckpoint(
  blobs: BlobStore,
  firmId: string,
): Promise<AuditCheckpoint | null> {
  const bytes = await blobs.getRecord(latestCheckpointName(firmId));
  return bytes ? auditCheckpoint.parse(JSON.parse(bytes.toString('utf8'))) : null;
}

/**
 * One checkpoint per firm whose head moved since its latest one: to the blob store (latest and a
 * numbered copy) and to the log (info, `auditCheckpoint`). A head BEHIND its latest checkpoint is
 * what a rewrite looks like: logged as an error, and the checkpoint is left as it is.
 */
export async function writeAuditCheckpoints(
  deps: { db: Db; blobs: BlobStore; secrets: SecretBox },
  log: Logger,
): Promise<AuditCheckpoint[]> {
  const key = checkpointKey(deps.secrets);
  const written: AuditCheckpoint[] = [];
  for (const head of await chainHeads(deps.db)) {
    if (head.seq <= 0) continue;
    const latest = await readLatestCheckpoint(deps.blobs, head.firmId);
    if (latest && latest.seq === head.seq && latest.hash === head.hash) continue;
    if (latest && latest.seq >= head.seq) {
      log.error(
        { firmId: head.firmId, headSeq: head.seq, checkpointSeq: latest.seq },
        'the audit chain head is at or behind its last signed checkpoint with another hash: the chain was rewritten (run npm run audit:verify)',
      );
      continue;
    }
    const checkpoint = signCheckpoint(key, head);
    const bytes = Buffer.from(`${JSON.stringify(checkpoint, null, 2)}\n`);
    await deps.blobs.putRecord(
      `audit-checkpoints/${head.firmId}/${String(head.seq).padStart(12, '0')}.json`,
      bytes,
    );
    await deps.blobs.putRecord(latestCheckpointName(head.firmId), bytes);
    log.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
    written.push(checkpoint);
  }
  return written;
}

/** Writes checkpoints every `intervalMs` on a worker node, and once more on shutdown (after the last seal). */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: { db: Db; blobs: BlobStore; secrets: SecretBox },
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  private round(): Promise<unknown> {
    this.running ??= writeAuditCheckpoints(this.deps, this.log)
      .catch((error: unknown) => this.log.error({ err: error }, 'writing audit checkpoints failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.round(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.round();
  }
}
