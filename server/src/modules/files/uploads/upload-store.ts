import { createHash, type Hash, randomUUID } from 'node:crypto';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { Deps } from '../../../deps';
import { type Checkpoint, SizeExceededError, type StagedPart } from '../../../platform/blobs/blob-store';
import type { Actor } from '../../access/actor';
import {
  deleteUpload,
  expiredUploads,
  insertUpload,
  markUploadComplete,
  saveCheckpoint,
  stagedParts,
  type UploadRow,
  unusedUpload,
} from './uploads.repository';

/**
 * The tus DataStore (DESIGN.md rule 11, "uploads state"): every upload's length, offset, metadata,
 * owner and driver state is a row in `uploads` (S3 parts in `upload_parts`), and its bytes are
 * staged in the blob store. Any node can therefore continue an upload another node started, and a
 * restarted process resumes from the last durable checkpoint.
 *
 * The SHA-256 is computed while the bytes stream through, as long as one process sees them all in
 * order; otherwise (a resume on another node or after a crash) the staged bytes are read back once
 * at the end.
 */
export class DbUploadStore extends DataStore {
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();

  constructor(
    private readonly deps: Deps,
    /** Who is creating which upload id (set by the route just before tus calls `create`). */
    private readonly owners: Map<string, Actor>,
  ) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const owner = this.owners.get(upload.id);
    this.owners.delete(upload.id);
    if (!owner || upload.size === undefined) throw ERRORS.UNKNOWN_ERROR;
    const storageKey = `upload-${randomUUID()}`; // made here: never the client's file name
    const storageState = await this.deps.blobs.beginStaging(storageKey);
    const now = new Date();
    await insertUpload(this.deps.db, {
      id: upload.id,
      firmId: owner.type === 'staff' ? owner.firmId : null,
      ownerType: owner.type,
      ownerId: owner.id,
      length: upload.size,
      metadata: upload.metadata ?? {},
      storageKey,
      storageState,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.getExpiration()),
    });
    upload.creation_date = now.toISOString();
    if (upload.size === 0) await this.finish(upload.id);
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    let row = await this.find(id);
    if (Number(row.offset) === Number(row.length) && !row.completedAt) {
      // The process died between the last byte and sealing the upload: seal it now.
      await this.finish(id);
      row = await this.find(id);
    }
    return new Upload({
      id: row.id,
      size: Number(row.length),
      offset: Number(row.offset),
      metadata: row.metadata,
      creation_date: row.createdAt.toISOString(),
    });
  }

  override async write(stream: AsyncIterable<Buffer>, id: string, offset: number): Promise<number> {
    const row = await this.find(id);
    if (row.completedAt || Number(row.offset) !== offset) throw ERRORS.INVALID_OFFSET;
    const length = Number(row.length);
    const parts = await this.parts(id);
    let hashing = this.hashes.get(id);
    if (offset === 0) hashing = { hash: createHash('sha256'), offset: 0 };
    if (hashing?.offset !== offset) hashing = undefined;
    this.hashes.delete(id);
    const source = hashing ? tap(stream, hashing) : stream;
    let newOffset: number;
    try {
      newOffset = await this.deps.blobs.appendStaging(
        { key: row.storageKey, state: row.storageState, offset, length, parts },
        source,
        (c) => this.checkpoint(id, c),
      );
    } catch (error) {
      if (error instanceof SizeExceededError || (error as { status_code?: number }).status_code === 413) {
        // A client sending more than it declared: cut off, and nothing of it is kept.
        await this.remove(id).catch(() => {});
        throw ERRORS.ERR_SIZE_EXCEEDED;
      }
      throw error;
    }
    if (hashing && hashing.offset === newOffset) this.hashes.set(id, hashing);
    if (newOffset === length) await this.finish(id);
    return newOffset;
  }

  override async remove(id: string): Promise<void> {
    const row = await this.find(id);
    this.hashes.delete(id);
    await this.deps.blobs.abortStaging(row.storageKey, row.storageState);
    await deleteUpload(this.deps.db, id);
  }

  override async deleteExpired(): Promise<number> {
    return expireUploads(this.deps);
  }

  override getExpiration(): number {
    return this.deps.config.UPLOAD_EXPIRE_HOURS * 3600_000;
  }

  private async find(id: string): Promise<UploadRow> {
    const row = await unusedUpload(this.deps.db, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    return row;
  }

  private async parts(id: string): Promise<StagedPart[]> {
    return stagedParts(this.deps.db, id);
  }

  private async checkpoint(id: string, c: Checkpoint): Promise<void> {
    await saveCheckpoint(this.deps.db, id, c);
  }

  /** All bytes are in: seal the staged object and record the SHA-256. */
  private async finish(id: string): Promise<void> {
    const row = await this.find(id);
    const length = Number(row.length);
    const target = {
      key: row.storageKey,
      state: row.storageState,
      offset: length,
      length,
      parts: await this.parts(id),
    };
    const hashing = this.hashes.get(id);
    this.hashes.delete(id);
    await this.deps.blobs.completeStaging(target).catch(async (error: unknown) => {
      // Already sealed by an earlier attempt that died before recording it? Then it reads back.
      this.deps.log.warn({ err: error, uploadId: id }, 'sealing the upload failed; checking it');
    });
    let sha256: string;
    if (hashing && hashing.offset === length) sha256 = hashing.hash.digest('hex');
    else {
      const hash = createHash('sha256');
      for await (const chunk of await this.deps.blobs.readStaging(row.storageKey))
        hash.update(chunk as Buffer);
      sha256 = hash.digest('hex');
    }
    await markUploadComplete(this.deps.db, id, length, sha256);
  }
}

async function* tap(source: AsyncIterable<Buffer>, hashing: { hash: Hash; offset: number }) {
  for await (const chunk of source) {
    hashing.hash.update(chunk);
    hashing.offset += chunk.length;
    yield chunk;
  }
}

/**
 * Removes expired uploads: unfinished or never used ones lose their bytes; used ones (whose bytes
 * now belong to a blob) only lose their row. Returns how many went.
 */
export async function expireUploads(deps: Deps, now = new Date(), batch = 200): Promise<number> {
  let removed = 0;
  for (;;) {
    const rows = await expiredUploads(deps.db, now, batch);
    for (const row of rows) {
      if (!row.consumedAt) await deps.blobs.abortStaging(row.storageKey, row.storageState);
      await deleteUpload(deps.db, row.id);
      removed++;
    }
    if (rows.length < batch) return removed;
  }
}
