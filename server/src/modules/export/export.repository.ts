import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import {
  auditHeads,
  auditLog,
  blobs,
  contacts,
  conversations,
  documents,
  documentVersions,
  folders,
  matters,
  parties,
  staff,
} from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { matterExportableBy } from '../access/matter-access';

/**
 * The matter when the actor may export it: an admin of its firm, or a staff member listed on it
 * (`staffIds`). Anyone else gets the same answer as for a missing matter.
 */
export async function findExportableMatter(db: Queryable, actor: StaffActor, matterId: string) {
  const [row] = await db
    .select()
    .from(matters)
    .where(and(eq(matters.id, matterId), matterExportableBy(actor)));
  return row;
}

/** Live subfolders of one folder. */
export function childFolders(db: Queryable, folderId: string) {
  return db
    .select({ id: folders.id, name: folders.name, updatedAt: folders.updatedAt })
    .from(folders)
    .where(and(eq(folders.parentId, folderId), isNull(folders.deletedAt)))
    .orderBy(asc(folders.name), asc(folders.id));
}

export interface VersionToExport {
  documentId: string;
  documentName: string;
  versionId: string;
  number: number;
  size: number;
  sha256: string;
  contentType: string;
  createdAt: Date;
  createdByType: 'staff' | 'portal';
  createdById: string;
  storageKey: string;
}

/**
 * The live documents of one folder with every version made before `cutoff` (newest last). At most
 * `LIMIT_FILES_PER_FOLDER` documents, so one page per folder.
 */
export function folderVersions(db: Queryable, folderId: string, cutoff: Date): Promise<VersionToExport[]> {
  return db
    .select({
      documentId: documents.id,
      documentName: documents.name,
      versionId: documentVersions.id,
      number: documentVersions.number,
      size: documentVersions.size,
      sha256: documentVersions.sha256,
      contentType: documentVersions.contentType,
      createdAt: documentVersions.createdAt,
      createdByType: documentVersions.createdByType,
      createdById: documentVersions.createdById,
      storageKey: blobs.storageKey,
    })
    .from(documents)
    .innerJoin(documentVersions, eq(documentVersions.documentId, documents.id))
    .innerJoin(blobs, eq(blobs.id, documentVersions.blobId))
    .where(
      and(
        eq(documents.folderId, folderId),
        isNull(documents.deletedAt),
        lte(documentVersions.createdAt, cutoff),
      ),
    )
    .orderBy(asc(documents.name), asc(documents.id), asc(documentVersions.number));
}

/** The matter's conversations (external and internal), oldest first. */
export function matterConversations(db: Queryable, matterId: string) {
  return db
    .select()
    .from(conversations)
    .where(eq(conversations.matterId, matterId))
    .orderBy(asc(conversations.createdAt), asc(conversations.id));
}

/** Every party the matter ever had (removed ones too), by id, for names in delivery states. */
export async function matterPartyNames(db: Queryable, matterId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: parties.id, name: contacts.name, role: parties.role })
    .from(parties)
    .innerJoin(contacts, eq(contacts.id, parties.contactId))
    .where(eq(parties.matterId, matterId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Staff names of the firm, by id (who uploaded a version). */
export async function staffNames(db: Queryable, firmId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(eq(staff.firmId, firmId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type AuditRowToExport = typeof auditLog.$inferSelect;

/** One page of the matter's audit rows in append order, after the row id `after`. */
export function matterAuditPage(
  db: Queryable,
  firmId: string,
  matterId: string,
  after: number,
  limit: number,
) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.firmId, firmId), eq(auditLog.matterId, matterId), gt(auditLog.id, after)))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

/** The firm's chain head: the last sealed seq and hash. */
export async function auditHead(db: Queryable, firmId: string) {
  const [row] = await db.select().from(auditHeads).where(eq(auditHeads.firmId, firmId));
  return row ?? null;
}

/** The database's clock: an export's cutoff is the database's now, not this node's. */
export async function databaseNow(db: Queryable): Promise<Date> {
  const [clock] = await queryRows<{ now: Date | string }>(db, sql`select now() as now`);
  return new Date(clock!.now);
}
