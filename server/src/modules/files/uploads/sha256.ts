import { Worker } from 'node:worker_threads';

/** Bytes copied into one message to the worker: few messages, and a copy is cheap next to hashing. */
const BATCH = 1024 * 1024;
/** Batches a stream may have at the worker before `update` asks its caller to wait. */
const IN_FLIGHT = 4;

interface Message {
  id: number;
  bytes?: ArrayBuffer;
  digest?: true;
  drop?: true;
}

interface Reply {
  id: number;
  bytes?: ArrayBuffer;
  digest?: string;
}

/**
 * A SHA-256 computed on a worker thread, for uploads: hashing costs the main thread about half a
 * second of CPU per GiB, copying the bytes into batches for the worker a fraction of that, and the
 * main thread is the one that parses the request and writes the file. One worker serves every
 * stream of the process; if it fails, the streams' digests reject and the caller hashes the stored
 * bytes instead.
 */
export class Sha256Stream {
  /** Bytes fed so far. */
  offset = 0;
  private readonly id: number;
  private failed: Error | undefined;
  private batch: Buffer | undefined;
  private filled = 0;
  private inFlight = 0;
  /** Batches back from the worker, to be filled again. */
  private readonly free: Buffer[] = [];
  private wake: (() => void) | undefined;
  private result: { resolve(hex: string): void; reject(error: Error): void } | undefined;

  constructor() {
    this.id = pool.open(this);
  }

  /**
   * Feeds bytes (copied: the caller may reuse or pass them on at once). Returns a promise when the
   * worker is behind; the caller should wait for it before feeding more.
   */
  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failed) return undefined;
    this.offset += chunk.length;
    for (let at = 0; at < chunk.length; ) {
      this.batch ??= this.free.pop() ?? Buffer.allocUnsafeSlow(BATCH);
      const n = Math.min(chunk.length - at, BATCH - this.filled);
      this.batch.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === BATCH) this.send();
    }
    if (this.inFlight < IN_FLIGHT || this.failed) return undefined;
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** The hex digest of everything fed; the stream is done after it. */
  digest(): Promise<string> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.filled > 0) this.send();
    const result = new Promise<string>((resolve, reject) => {
      this.result = { resolve, reject };
    });
    this.post({ id: this.id, digest: true });
    return result;
  }

  /** Forget it (an upload whose hash cannot be kept up, or that went). */
  drop(): void {
    if (!this.failed) pool.post({ id: this.id, drop: true });
    pool.close(this.id);
    this.fail(new Error('dropped'));
  }

  /** @internal from the pool */
  receive(reply: Reply): void {
    if (reply.bytes) {
      this.inFlight--;
      if (this.free.length < IN_FLIGHT) this.free.push(Buffer.from(reply.bytes));
      if (this.inFlight < IN_FLIGHT) this.resume();
    } else if (reply.digest) {
      pool.close(this.id);
      this.result?.resolve(reply.digest);
    }
  }

  /** @internal from the pool: the worker is gone, and this stream's state with it. */
  fail(error: Error): void {
    this.failed ??= error;
    this.batch = undefined;
    this.free.length = 0;
    this.resume();
    this.result?.reject(this.failed);
    this.result = undefined;
  }

  private send(): void {
    const bytes = this.batch!.buffer as ArrayBuffer;
    this.batch = undefined;
    this.inFlight++;
    this.post({ id: this.id, bytes }, this.filled);
    this.filled = 0;
  }

  private post(message: Message, length = 0): void {
    try {
      pool.post(message, length);
    } catch (error) {
      // No worker could be started: the caller hashes the stored bytes instead.
      pool.close(this.id);
      this.fail(error as Error);
    }
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The one worker and the streams open on it. */
const pool = new (class {
  private worker: Worker | undefined;
  private readonly streams = new Map<number, Sha256Stream>();
  private nextId = 1;
  /** Messages the worker will answer: only while there are some does it keep the process alive. */
  private pending = 0;

  open(stream: Sha256Stream): number {
    const id = this.nextId++;
    this.streams.set(id, stream);
    return id;
  }

  close(id: number): void {
    this.streams.delete(id);
  }

  post(message: Message, length = 0): void {
    if (message.drop) {
      this.worker?.postMessage(message);
      return;
    }
    const worker = this.start();
    if (this.pending++ === 0) worker.ref();
    worker.postMessage({ ...message, length }, message.bytes ? [message.bytes] : []);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sha256-worker.mjs', import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if (--this.pending === 0) worker.unref();
      this.streams.get(reply.id)?.receive(reply);
    });
    const gone = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.pending = 0;
      const streams = [...this.streams.values()];
      this.streams.clear();
      for (const stream of streams) stream.fail(error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the hashing worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }
})();
