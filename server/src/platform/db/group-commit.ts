/**
 * Group commit: concurrent one-row writes of the same shape go to the database together, as ONE
 * statement over many rows (one round trip, one plan, one commit for all of them). On PostgreSQL a
 * statement costs far more than a row: 32 one-row INSERTs take several times the CPU of one
 * 32-row INSERT. Nothing waits on purpose: a write goes out at once while fewer than `maxInFlight`
 * statements are running; otherwise it waits for one to finish and leaves with everything that
 * queued meanwhile. An idle server therefore sends every write alone, exactly as without batching.
 *
 * Rules each batch keeps:
 * - one `group` (the statement's shape) per batch;
 * - one write per `key` (e.g. a conversation) per batch, and a key is never in two running
 *   batches: writes of one key leave in arrival order, one batch after the other;
 * - a failed batch is retried one write at a time (`one`), so a bad write fails alone and the
 *   others still land.
 */
export interface GroupCommitOptions<In, Out> {
  /** Writes of different groups never share a statement. */
  group: (input: In) => string;
  /** Writes of one key never share a batch, nor run in two batches at once. */
  key: (input: In) => string;
  /** The write alone (an idle server, a batch of one, a failed batch's retry). */
  one: (input: In) => Promise<Out>;
  /** The writes of one group together, in one statement: a result or an error per input, in order. */
  many: (inputs: In[]) => Promise<(Out | Error)[]>;
  maxInFlight: number;
  maxBatch: number;
}

interface Waiting<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private readonly busyKeys = new Set<string>();
  private inFlight = 0;
  /**
   * What it has done so far (observability, tests): statements sent, how many of them were batches,
   * the largest batch, and the batches that failed and went again one write at a time.
   */
  readonly stats = { statements: 0, batches: 0, largestBatch: 0, fallbacks: 0 };

  constructor(private readonly options: GroupCommitOptions<In, Out>) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  /** Send batches while there is room: each takes the oldest write and what may join it. */
  private pump() {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      const keys = batch.map((w) => this.options.key(w.input));
      for (const key of keys) this.busyKeys.add(key);
      void this.send(batch).finally(() => {
        this.inFlight--;
        for (const key of keys) this.busyKeys.delete(key);
        this.pump();
      });
    }
  }

  /** The oldest write whose key is free, then later ones of its group with other free keys. */
  private take(): Waiting<In, Out>[] {
    const { key, group, maxBatch } = this.options;
    const batch: Waiting<In, Out>[] = [];
    const taken = new Set<string>();
    // A key seen and not taken holds back its later writes too (arrival order within a key).
    const held = new Set<string>();
    let batchGroup: string | undefined;
    for (let i = 0; i < this.waiting.length && batch.length < maxBatch; ) {
      const w = this.waiting[i]!;
      const k = key(w.input);
      const g = group(w.input);
      if (
        this.busyKeys.has(k) ||
        taken.has(k) ||
        held.has(k) ||
        (batchGroup !== undefined && g !== batchGroup)
      ) {
        held.add(k);
        i++;
        continue;
      }
      batchGroup = g;
      taken.add(k);
      batch.push(w);
      this.waiting.splice(i, 1);
    }
    return batch;
  }

  private async send(batch: Waiting<In, Out>[]) {
    this.stats.statements++;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    if (batch.length === 1) return this.alone(batch[0]!);
    this.stats.batches++;
    let results: (Out | Error)[];
    try {
      results = await this.options.many(batch.map((w) => w.input));
    } catch {
      // One bad write (or a lost race) must not fail the others: each goes again on its own.
      this.stats.fallbacks++;
      await Promise.all(batch.map((w) => this.alone(w)));
      return;
    }
    batch.forEach((w, i) => {
      const result = results[i]!;
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }

  private async alone(w: Waiting<In, Out>) {
    try {
      w.resolve(await this.options.one(w.input));
    } catch (error) {
      w.reject(error);
    }
  }
}
