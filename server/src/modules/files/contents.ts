import { createHash, randomUUID } from 'node:crypto';
import { stripBidiControls } from '@parley/contracts';
import type { Deps } from '../../deps';
import { SizeExceededError, type StagedPart } from '../../platform/blobs/blob-store';
import type { Queryable } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import { insertVersionRow } from './documents.repository';
import { ensureBlob } from './files.repository';
import { lockOwnUnusedUpload, markUploadUsed, type UploadRow } from './uploads/uploads.repository';

/**
 * New content on its way to becoming a version: bytes already staged in the blob store (by a
 * finished tus upload or a multipart request), with their hash. Shared by upload-document.ts and
 * add-version.ts: promote before the transaction, insert in it, tidy up after it.
 */
export interface StagedContent {
  name: string;
  contentType: string;
  sha256: string;
  size: number;
  stagingKey: string;
  stagingState: Record<string, unknown>;
  /** Set when the bytes came from a tus upload (consumed in the transaction). */
  uploadId?: string;
  /** Filled by `promoteContent`. */
  storageKey?: string;
}

export const fileTooLarge = (limit: number) =>
  new AppError('file_too_large', `A file may be at most ${limit} bytes.`, { limit });

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** A client-declared content type, kept only when well-formed (it is never trusted when serving). */
export function cleanContentType(declared: string | null | undefined): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return MIME.test(type) ? type : 'application/octet-stream';
}

/**
 * A name from a file system or a tus client: control characters and bidirectional controls dropped
 * (as `fileName` does for JSON names), at most 255 bytes kept whole.
 */
export function cleanUploadName(raw: string | null | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const name = stripBidiControls((raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '')).trim();
  return name || 'Untitled';
}

export function nameTooLong(name: string): boolean {
  return Buffer.byteLength(name, 'utf8') > 255;
}

/** Stream a request's file into the blob store without holding it in memory; refuses past `limit`. */
export async function stageStream(
  deps: Deps,
  source: AsyncIterable<Buffer>,
  limit: number,
): Promise<{ stagingKey: string; stagingState: Record<string, unknown>; sha256: string; size: number }> {
  const stagingKey = randomUUID();
  const state = await deps.blobs.beginStaging(stagingKey);
  const hash = createHash('sha256');
  const parts: StagedPart[] = [];
  let stagingState = state;
  async function* hashing() {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  }
  try {
    const target = { key: stagingKey, state, offset: 0, length: limit, parts, untilEnd: true };
    const size = await deps.blobs.appendStaging(target, hashing(), async (c) => {
      if (c.part) parts.push(c.part);
      stagingState = c.state;
    });
    await deps.blobs.completeStaging({ ...target, state: stagingState, offset: size });
    return { stagingKey, stagingState, sha256: hash.digest('hex'), size };
  } catch (error) {
    await deps.blobs.abortStaging(stagingKey, stagingState).catch(() => {});
    if (error instanceof SizeExceededError) throw fileTooLarge(limit);
    throw error;
  }
}

/** The caller's finished, unused upload, locked until the transaction ends. */
export async function claimUpload(tx: Queryable, actor: Actor, uploadId: string) {
  const row = await lockOwnUnusedUpload(tx, actor, uploadId);
  if (!row) throw notFound('Upload');
  if (!row.completedAt || !row.sha256) {
    throw new AppError(
      'upload_incomplete',
      'This upload has not finished yet. Send the rest of the file, then try again.',
    );
  }
  return row;
}

/** What a finished upload holds, as content (name and type from its tus metadata). */
export function uploadContent(row: UploadRow, name?: string): StagedContent {
  const meta = row.metadata ?? {};
  return {
    name: name ?? cleanUploadName(meta.filename ?? meta.name),
    contentType: cleanContentType(meta.filetype ?? meta.type ?? meta.contentType),
    sha256: row.sha256!,
    size: Number(row.length ?? 0),
    stagingKey: row.storageKey,
    stagingState: row.storageState,
    uploadId: row.id,
  };
}

/** Make the staged bytes a blob in the store (before the transaction: it may take a while). */
export async function promoteContent(deps: Deps, items: StagedContent[]): Promise<void> {
  for (const item of items) item.storageKey = await deps.blobs.promote(item.stagingKey, item.sha256);
}

/** Insert one immutable version of a document (its blob deduplicated by SHA-256 per firm). */
export async function insertVersion(
  tx: Queryable,
  actor: Actor,
  firmId: string,
  documentId: string,
  number: number,
  item: StagedContent,
) {
  const { blob, created } = await ensureBlob(tx, firmId, {
    sha256: item.sha256,
    size: item.size,
    storageKey: item.storageKey!,
  });
  const version = await insertVersionRow(tx, {
    firmId,
    documentId,
    number,
    blobId: blob.id,
    size: item.size,
    sha256: item.sha256,
    contentType: item.contentType,
    createdByType: actor.type,
    createdById: actor.id,
  });
  if (item.uploadId) await markUploadUsed(tx, item.uploadId);
  return { version, duplicateOf: created ? undefined : blob.storageKey };
}

/**
 * After the transaction. Committed: drop the staged name, and a duplicate's own copy (the existing
 * blob serves it). Rolled back: a multipart request's bytes go; a tus upload stays usable.
 */
export async function settleContent(
  deps: Deps,
  items: StagedContent[],
  outcome: { committed: true; duplicates: (string | undefined)[] } | { committed: false },
): Promise<void> {
  await Promise.all(
    items.map(async (item, i) => {
      try {
        if (!outcome.committed) {
          if (!item.uploadId) await deps.blobs.abortStaging(item.stagingKey, item.stagingState);
          return;
        }
        const duplicateOf = outcome.duplicates[i];
        if (item.storageKey !== item.stagingKey) await deps.blobs.abortStaging(item.stagingKey, {});
        else if (duplicateOf && duplicateOf !== item.storageKey) await deps.blobs.remove(item.storageKey);
      } catch (error) {
        deps.log.warn({ err: error, key: item.stagingKey }, 'could not tidy staged bytes');
      }
    }),
  );
}
