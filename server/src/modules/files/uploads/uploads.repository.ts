import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Checkpoint, StagedPart } from '../../../platform/blobs/blob-store';
import type { Queryable } from '../../../platform/db/database';
import { uploadParts, uploads } from '../../../platform/db/schema';
import type { Actor } from '../../access/actor';

/** The `uploads` and `upload_parts` rows behind tus (DESIGN.md rule 11), as SQL (STYLE.md). */

export type UploadRow = typeof uploads.$inferSelect;

export async function insertUpload(db: Queryable, values: typeof uploads.$inferInsert): Promise<void> {
  await db.insert(uploads).values(values);
}

/** An upload not yet used by a document (undefined otherwise). */
export async function unusedUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const [row] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, id), isNull(uploads.consumedAt)));
  return row;
}

/** The caller's unused upload, locked until the transaction ends (undefined otherwise). */
export async function lockOwnUnusedUpload(
  tx: Queryable,
  actor: Actor,
  id: string,
): Promise<UploadRow | undefined> {
  const [row] = await tx
    .select()
    .from(uploads)
    .where(
      and(
        eq(uploads.id, id),
        eq(uploads.ownerType, actor.type),
        eq(uploads.ownerId, actor.id),
        isNull(uploads.consumedAt),
      ),
    )
    .for('update');
  return row;
}

/** Whether this upload (used or not) was created by this actor. */
export async function isUploadOwnedBy(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.ownerType, actor.type), eq(uploads.ownerId, actor.id)));
  return Boolean(row);
}

/** The S3 parts staged so far, in order. */
export function stagedParts(db: Queryable, id: string): Promise<StagedPart[]> {
  return db
    .select({ partNumber: uploadParts.partNumber, etag: uploadParts.etag, size: uploadParts.size })
    .from(uploadParts)
    .where(eq(uploadParts.uploadId, id))
    .orderBy(asc(uploadParts.partNumber));
}

/** A durable checkpoint of the staging: the part just stored (if any) and the new offset. */
export async function saveCheckpoint(db: Queryable, id: string, c: Checkpoint): Promise<void> {
  await db.transaction(async (tx) => {
    if (c.part) {
      await tx
        .insert(uploadParts)
        .values({ uploadId: id, ...c.part })
        .onConflictDoUpdate({
          target: [uploadParts.uploadId, uploadParts.partNumber],
          set: { etag: c.part.etag, size: c.part.size },
        });
    }
    await tx.update(uploads).set({ offset: c.offset, storageState: c.state }).where(eq(uploads.id, id));
  });
}

/** All bytes are in: record the final offset and the SHA-256. */
export async function markUploadComplete(db: Queryable, id: string, length: number, sha256: string) {
  await db.update(uploads).set({ offset: length, sha256, completedAt: new Date() }).where(eq(uploads.id, id));
}

/** A document version now holds the upload's bytes. */
export async function markUploadUsed(tx: Queryable, id: string): Promise<void> {
  await tx.update(uploads).set({ consumedAt: new Date() }).where(eq(uploads.id, id));
}

/** The upload's row and its parts' rows, in one transaction. */
export async function deleteUpload(db: Queryable, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(uploadParts).where(eq(uploadParts.uploadId, id));
    await tx.delete(uploads).where(eq(uploads.id, id));
  });
}

/** Up to `batch` uploads that expired before `now`. */
export function expiredUploads(db: Queryable, now: Date, batch: number): Promise<UploadRow[]> {
  return db.select().from(uploads).where(lt(uploads.expiresAt, now)).limit(batch);
}
