import type { Readable } from 'node:stream';

/**
 * Where the bytes of files live (DESIGN.md "Runtime shape"): local disk by default, an S3-compatible
 * store at scale. One small interface, two drivers (local.ts, s3.ts).
 *
 * Bytes arrive in two phases. While an upload is in progress they are "staged" under a key the
 * server made up (never the user's file name); resumable uploads append to the staging area across
 * requests and processes. Once complete, `promote` turns the staged bytes into a blob whose key the
 * `blobs` row remembers. The database (uploads, upload_parts) holds all bookkeeping, so any node can
 * continue an upload: the drivers are told the parts and offsets, they never list them.
 */
export interface StagedPart {
  partNumber: number;
  etag: string;
  size: number;
}

/** Reported while appending, each time a prefix of the upload is durable. */
export interface Checkpoint {
  /** Durable bytes so far. */
  offset: number;
  /** Driver state to persist (e.g. the S3 multipart id and the size of the stored tail). */
  state: Record<string, unknown>;
  /** A part that is now durable (S3 multipart); the caller records it. */
  part?: StagedPart;
}

export interface StagingTarget {
  key: string;
  state: Record<string, unknown>;
  /** Durable bytes before this append. */
  offset: number;
  /** The declared total size. */
  length: number;
  /** Parts already stored (S3), from the database. */
  parts: StagedPart[];
  /** The source holds all the remaining bytes: its end is the end of the upload (size unknown before). */
  untilEnd?: boolean;
}

export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Start staging under a new key; returns the driver state to persist. */
  beginStaging(key: string): Promise<Record<string, unknown>>;
  /**
   * Append `source` at `target.offset`. Never writes past `target.length` (throws instead).
   * Calls `checkpoint` whenever more bytes are durable; returns the durable offset at the end.
   */
  appendStaging(
    target: StagingTarget,
    source: AsyncIterable<Buffer>,
    checkpoint: (c: Checkpoint) => Promise<void>,
  ): Promise<number>;
  /** All bytes are in: seal the staged object (S3 CompleteMultipartUpload). */
  completeStaging(target: StagingTarget): Promise<void>;
  /** Read a completed staged object (to hash it when the hash could not be kept while streaming). */
  readStaging(key: string): Promise<Readable>;
  /** Throw away staged bytes (abandoned, terminated or refused uploads). Idempotent. */
  abortStaging(key: string, state: Record<string, unknown>): Promise<void>;
  /** Turn completed staged bytes into a blob; returns the blob's storage key. */
  promote(stagingKey: string, sha256: string): Promise<string>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Remove a blob's bytes. Idempotent. */
  remove(key: string): Promise<void>;
  /**
   * A small named record kept beside the blobs, outside the database (signed audit checkpoints):
   * written whole and replaced atomically. `name` is slash-separated `[A-Za-z0-9._-]` segments.
   */
  putRecord(name: string, bytes: Buffer): Promise<void>;
  /** The record's bytes, or null when there is none. */
  getRecord(name: string): Promise<Buffer | null>;
}

/** A record name the drivers accept: no empty, `.` or `..` segment, nothing but `[A-Za-z0-9._-]`. */
export function checkRecordName(name: string): string {
  const segments = name.split('/');
  if (segments.some((s) => !/^[A-Za-z0-9._-]{1,200}$/.test(s) || s === '.' || s === '..'))
    throw new Error(`invalid record name ${JSON.stringify(name)}`);
  return name;
}

export class SizeExceededError extends Error {
  constructor() {
    super('More bytes arrived than the upload declared.');
    this.name = 'SizeExceededError';
  }
}

/**
 * A `blobs` row names content the store does not have. Its message says where it looked and the
 * usual cause, so the log tells the operator what to fix (the client gets a plain 500).
 */
export class BlobMissingError extends Error {
  constructor(where: string, cause: string) {
    super(`The stored content ${where} is missing. ${cause}`);
    this.name = 'BlobMissingError';
  }
}
