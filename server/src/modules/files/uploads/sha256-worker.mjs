// The worker thread of sha256.ts: one SHA-256 per stream id, fed batches in order. Plain JavaScript so
// that it starts without a TypeScript loader (under tsx, vitest or plain node alike).
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

const hashes = new Map();

parentPort.on('message', ({ id, bytes, length, digest, drop }) => {
  if (bytes) {
    let hash = hashes.get(id);
    if (!hash) {
      hash = createHash('sha256');
      hashes.set(id, hash);
    }
    hash.update(new Uint8Array(bytes, 0, length));
    // The batch goes back to be filled again: no allocation (and page faults) per batch.
    parentPort.postMessage({ id, bytes }, [bytes]);
  } else if (digest) {
    const hash = hashes.get(id) ?? createHash('sha256');
    hashes.delete(id);
    parentPort.postMessage({ id, digest: hash.digest('hex') });
  } else if (drop) {
    hashes.delete(id);
  }
});
