/**
 * `npm run audit:verify [-- --firm <id>] [--checkpoint <file>] [--public-key <key>]`: walks each
 * firm's audit hash chain and names the first broken row. Each chain is also checked against its
 * latest signed checkpoint: the one in `<file>` (a copy from the log or the blob store) for its firm,
 * else the latest one found in the blob store. Signatures are checked against `--public-key` (the
 * raw Ed25519 key as base64url, as checkpoints carry it) or the key this node's secrets key gives.
 * Exit 0 when every chain is intact, 1 when one is broken, 2 on a usage/config error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { createBlobStore } from '../../platform/blobs';
import { loadSecretBox } from '../../platform/crypto/secret-box';
import { openDatabase } from '../../platform/db/database';
import {
  type AuditCheckpoint,
  auditCheckpoint,
  checkpointKey,
  checkpointSignatureValid,
  readLatestCheckpoint,
} from './checkpoint';
import { verifyAuditChain } from './verify-chain';

const USAGE = 'usage: npm run audit:verify [-- --firm <firmId>] [--checkpoint <file>] [--public-key <key>]\n';

function flag(args: string[], name: string): string | undefined | null {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  return value && !value.startsWith('--') ? value : null;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const firmId = flag(args, '--firm');
  const checkpointFile = flag(args, '--checkpoint');
  const pinnedKey = flag(args, '--public-key');
  if (firmId === null || checkpointFile === null || pinnedKey === null) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  const given = checkpointFile
    ? auditCheckpoint.parse(JSON.parse(await fs.readFile(checkpointFile, 'utf8')))
    : undefined;
  const publicKey = pinnedKey ?? checkpointKey(await loadSecretBox(config)).publicKey;
  const blobs = createBlobStore(config);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL, poolSize: 1 }
      : { kind: 'pglite', dataDir: path.join(config.DATA_DIR, 'db') },
  );
  const badSignature = new Map<string, AuditCheckpoint>();
  const checkpointFor = async (id: string) => {
    const checkpoint = given?.firmId === id ? given : await readLatestCheckpoint(blobs, id);
    if (checkpoint && !checkpointSignatureValid(checkpoint, publicKey)) {
      badSignature.set(id, checkpoint);
      return null;
    }
    return checkpoint;
  };
  try {
    const reports = await verifyAuditChain(database.db, firmId, checkpointFor);
    let ok = true;
    for (const r of reports) {
      const forged = badSignature.get(r.firmId);
      if (forged) {
        ok = false;
        process.stdout.write(
          `firm ${r.firmId}: checkpoint of ${forged.at} (seq ${forged.seq}) has NO VALID SIGNATURE by key ${publicKey}: it was not written by Parley with this key\n`,
        );
      }
      if (r.ok) {
        const pending = r.pending
          ? `; ${r.pending} newer rows not sealed yet (a worker node seals them)`
          : '';
        const against = r.checkpoint
          ? `, matches the checkpoint signed at ${r.checkpoint.at} (seq ${r.checkpoint.seq})`
          : forged
            ? ''
            : ', no signed checkpoint found (only the chain itself was checked)';
        process.stdout.write(`firm ${r.firmId}: ${r.rows} audit rows, chain intact${against}${pending}\n`);
      } else {
        ok = false;
        const b = r.broken!;
        process.stdout.write(
          `firm ${r.firmId}: chain BROKEN at seq ${b.seq}${b.id === null ? '' : ` (audit_log.id ${b.id})`}: ${b.reason}\n`,
        );
      }
    }
    if (reports.length === 0) process.stdout.write('no firms: nothing to verify\n');
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `audit:verify failed: ${String(error)}`}\n`,
    );
    process.exit(2);
  },
);
