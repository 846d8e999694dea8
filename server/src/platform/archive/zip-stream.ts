import { Readable } from 'node:stream';
import yazl from 'yazl';

/** At most this many entries wait in the zip ahead of the one being written. */
const LOOKAHEAD = 4;

export interface ZipEntryOptions {
  /** Deflate the entry (text, JSON, PDF). Stored as is otherwise (documents are mostly compressed already). */
  compress?: boolean;
  /** The exact byte count when known: the zip refuses a stream that gives more or fewer. */
  size?: number;
  mtime?: Date;
}

/**
 * A zip written as a stream (yazl), with bounded memory whatever the archive's size: an entry's
 * bytes are opened only when the zip reaches it (`open` is called then, never before), and `add`
 * waits while a few entries are already queued, so the caller's loop over the database pages at
 * the speed of the download. What stays in memory per entry is its central-directory record
 * (name, sizes, CRC), which the zip format needs at its end.
 *
 * `output` ends with the zip, or is destroyed with the first error (an entry that cannot be
 * opened or read, or a caller's `fail`). If the reader goes away, `add` rejects with `ZipAborted`.
 */
export class ZipStream {
  readonly output: Readable;
  private readonly zip = new yazl.ZipFile();
  private queued = 0;
  private waiting: (() => void)[] = [];
  private current: Readable | null = null;
  private aborted: Error | null = null;

  constructor() {
    this.output = this.zip.outputStream as Readable;
    this.zip.on('error', (error: Error) => this.fail(error));
    this.output.on('close', () => {
      if (!this.output.readableEnded) this.abort(new ZipAborted());
    });
  }

  /** Queue an entry whose bytes come from `open()`, called when the zip gets to it. */
  async add(path: string, open: () => Promise<Readable> | Readable, options: ZipEntryOptions = {}) {
    while (this.queued >= LOOKAHEAD && !this.aborted) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.aborted) throw this.aborted;
    this.queued += 1;
    this.zip.addReadStreamLazy(
      path,
      {
        compress: options.compress ?? false,
        mtime: options.mtime ?? new Date(),
        ...(options.size === undefined ? {} : { size: options.size }),
      },
      (callback) => {
        this.queued -= 1;
        this.wake();
        Promise.resolve()
          .then(open)
          .then(
            (stream) => {
              this.current = stream;
              stream.once('error', (error) => this.fail(error));
              callback(null, stream);
            },
            (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
          );
      },
    );
  }

  /** An entry from bytes already in hand (small: a README, a manifest). */
  async addBuffer(path: string, bytes: Buffer | string, options: ZipEntryOptions = {}) {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    await this.add(path, () => Readable.from([buffer]), { ...options, size: buffer.length });
  }

  /** An empty folder entry (keeps folders that hold nothing). */
  addDirectory(path: string, mtime: Date = new Date()) {
    if (!this.aborted) this.zip.addEmptyDirectory(path, { mtime });
  }

  /** No more entries: the central directory is written once the queued entries are. */
  end() {
    if (!this.aborted) this.zip.end();
  }

  /** Stop with an error: the download ends cut short (a truncated zip, never a wrong one). */
  fail(error: Error) {
    if (this.aborted) return;
    this.abort(error);
    this.output.destroy(error);
  }

  private abort(error: Error) {
    if (this.aborted) return;
    this.aborted = error;
    this.current?.destroy();
    this.wake();
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** The reader of the zip went away (a closed connection). */
export class ZipAborted extends Error {
  constructor() {
    super('The zip was not read to its end.');
    this.name = 'ZipAborted';
  }
}
