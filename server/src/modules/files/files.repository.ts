import { and, asc, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { blobs, documents, documentVersions, folders, matters } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { matterVisibleTo } from '../access/matter-access';

export type FolderRow = typeof folders.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;
export type BlobRow = typeof blobs.$inferSelect;

/** A live folder of this matter (undefined otherwise). */
export async function liveFolderOf(db: Queryable, matterId: string, folderId: string) {
  const [row] = await db
    .select()
    .from(folders)
    .where(and(eq(folders.id, folderId), eq(folders.matterId, matterId), isNull(folders.deletedAt)));
  return row;
}

export async function insertFolder(tx: Queryable, values: typeof folders.$inferInsert): Promise<FolderRow> {
  const [row] = await tx.insert(folders).values(values).returning();
  return row!;
}

export async function renameFolder(tx: Queryable, folderId: string, name: string): Promise<FolderRow> {
  const [row] = await tx
    .update(folders)
    .set({ name, updatedAt: new Date() })
    .where(eq(folders.id, folderId))
    .returning();
  return row!;
}

/** A live folder of a matter the actor may see (one query; missing and forbidden look the same). */
export async function findVisibleFolder(db: Queryable, actor: StaffActor, folderId: string) {
  const [row] = await db
    .select({ folder: folders, matter: matters })
    .from(folders)
    .innerJoin(matters, eq(matters.id, folders.matterId))
    .where(and(eq(folders.id, folderId), isNull(folders.deletedAt), matterVisibleTo(actor)));
  return row;
}

/** A live document of a matter the actor may see. */
export async function findVisibleDocument(db: Queryable, actor: StaffActor, documentId: string) {
  const [row] = await db
    .select({ document: documents, matter: matters })
    .from(documents)
    .innerJoin(matters, eq(matters.id, documents.matterId))
    .where(and(eq(documents.id, documentId), isNull(documents.deletedAt), matterVisibleTo(actor)));
  return row;
}

/** Lock live folders (in id order, so concurrent writers cannot deadlock) until the transaction ends. */
export async function lockFolders(tx: Queryable, ids: string[]): Promise<Map<string, FolderRow>> {
  const unique = [...new Set(ids)].sort();
  const rows = await tx
    .select()
    .from(folders)
    .where(and(inArray(folders.id, unique), isNull(folders.deletedAt)))
    .orderBy(asc(folders.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

export async function countDocumentsIn(db: Queryable, folderId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from documents where folder_id = ${folderId} and deleted_at is null`,
  );
  return row?.n ?? 0;
}

/** Which of these names are already used by a live folder or document directly in the folder? */
export async function takenNames(
  db: Queryable,
  parentId: string,
  names: string[],
  kind: 'folder' | 'document',
  exceptId?: string,
): Promise<string[]> {
  if (names.length === 0) return [];
  const table = kind === 'folder' ? sql`folders` : sql`documents`;
  const parentColumn = kind === 'folder' ? sql`parent_id` : sql`folder_id`;
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from ${table} where ${parentColumn} = ${parentId} and deleted_at is null
        and name in ${names} ${exceptId ? sql`and id <> ${exceptId}` : sql``}`,
  );
  return rows.map((r) => r.name);
}

/** The live documents of a folder that hold any of these names (what an upload would clash with). */
export async function documentsNamed(
  db: Queryable,
  folderId: string,
  names: string[],
): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) return [];
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from documents where folder_id = ${folderId} and deleted_at is null
        and name in ${names} order by name`,
  );
}

/**
 * A live share of a folder of the same matter whose subtree holds the path `path` (an SQL expression):
 * the prefix test on the materialized path, over the matter's few shares (`shares_matter_idx`).
 */
export const coveredByFolderShare = (matterId: SQL, path: SQL) => sql`exists (
  select 1 from shares s join folders a on a.id = s.folder_id
  where s.matter_id = ${matterId} and s.revoked_at is null and a.deleted_at is null
    and ${path} like a.path || '%')`;

export type SubfolderRow = FolderRow & { shared: boolean };

/** The folders from the root down to `path`'s last one (a materialized '/root/…/self/'), in order. */
export async function folderTrail(db: Queryable, matterId: string, path: string) {
  const ids = path.split('/').filter(Boolean);
  const rows = await db
    .select({ id: folders.id, name: folders.name })
    .from(folders)
    .where(and(eq(folders.matterId, matterId), inArray(folders.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

/** Live subfolders, each with `shared`: a live share of it or of a folder above it reaches it. */
export async function listSubfolders(db: Queryable, parentId: string): Promise<SubfolderRow[]> {
  return db
    .select({
      ...getTableColumns(folders),
      shared: sql<boolean>`${coveredByFolderShare(sql`${folders.matterId}`, sql`${folders.path}`)}`,
    })
    .from(folders)
    .where(and(eq(folders.parentId, parentId), isNull(folders.deletedAt)))
    .orderBy(asc(folders.name), asc(folders.id));
}

export interface DocumentListRow {
  id: string;
  name: string;
  folder_id: string;
  matter_id: string;
  current_version_id: string;
  size: string | number;
  content_type: string;
  version_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  shared: boolean;
  sent: boolean;
}

/**
 * Live documents with their current version, version count and whether a live share reaches them
 * (a document share, or a folder share of any folder above it): one query for the whole list.
 */
async function listDocuments(db: Queryable, where: SQL): Promise<DocumentListRow[]> {
  return queryRows<DocumentListRow>(
    db,
    sql`
    select d.id, d.name, d.folder_id, d.matter_id, d.current_version_id, v.size, v.content_type,
      d.created_at, d.updated_at,
      (select count(*)::int from document_versions c where c.document_id = d.id) as version_count,
      (exists (select 1 from shares s where s.document_id = d.id and s.revoked_at is null)
        or ${coveredByFolderShare(sql`d.matter_id`, sql`f.path`)}) as shared,
      exists (select 1 from attachments a where a.document_id = d.id) as sent
    from documents d
    join folders f on f.id = d.folder_id
    join document_versions v on v.id = d.current_version_id
    where d.deleted_at is null and ${where}
    order by d.name, d.id`,
  );
}

/** `listDocuments` of these ids (in no particular order). */
export const documentsByIds = (db: Queryable, ids: string[]) => listDocuments(db, sql`d.id in ${ids}`);

/** `listDocuments` of one folder, by name. */
export const documentsInFolder = (db: Queryable, folderId: string) =>
  listDocuments(db, sql`d.folder_id = ${folderId}`);

export async function listVersions(db: Queryable, documentId: string) {
  return db
    .select()
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(asc(documentVersions.number));
}

export async function findVersionWithBlob(db: Queryable, documentId: string, versionId: string | null) {
  if (!versionId) return undefined;
  const [row] = await db
    .select({ version: documentVersions, blob: blobs })
    .from(documentVersions)
    .innerJoin(blobs, eq(blobs.id, documentVersions.blobId))
    .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)));
  return row;
}

/** The firm's blob with this content, creating it if new. `created` is false for a duplicate. */
export async function ensureBlob(
  tx: Queryable,
  firmId: string,
  content: { sha256: string; size: number; storageKey: string },
): Promise<{ blob: BlobRow; created: boolean }> {
  const [inserted] = await tx
    .insert(blobs)
    .values({ firmId, ...content })
    .onConflictDoNothing({ target: [blobs.firmId, blobs.sha256] })
    .returning();
  if (inserted) return { blob: inserted, created: true };
  const [existing] = await tx
    .select()
    .from(blobs)
    .where(and(eq(blobs.firmId, firmId), eq(blobs.sha256, content.sha256)));
  return { blob: existing!, created: false };
}

/** Moves a folder and its whole subtree: one statement rewrites every materialized path. */
export async function moveSubtree(tx: Queryable, folder: FolderRow, newParent: FolderRow): Promise<void> {
  const newPath = `${newParent.path}${folder.id}/`;
  await tx.execute(sql`
    update folders set path = ${newPath} || substr(path, ${folder.path.length + 1}),
      parent_id = case when id = ${folder.id} then ${newParent.id} else parent_id end,
      updated_at = case when id = ${folder.id} then now() else updated_at end
    where matter_id = ${folder.matterId} and path like ${`${folder.path}%`}`);
}

/** Soft-deletes a folder with everything inside it. */
export async function deleteSubtree(tx: Queryable, folder: FolderRow): Promise<{ documents: number }> {
  const subtree = sql`select id from folders where matter_id = ${folder.matterId} and path like ${`${folder.path}%`}`;
  const docs = await queryRows<{ id: string }>(
    tx,
    sql`update documents set deleted_at = now() where deleted_at is null and folder_id in (${subtree}) returning id`,
  );
  await tx.execute(
    sql`update folders set deleted_at = now() where deleted_at is null and matter_id = ${folder.matterId} and path like ${`${folder.path}%`}`,
  );
  return { documents: docs.length };
}

/** Names of the live documents directly in a folder (a folder holds at most LIMIT_FILES_PER_FOLDER). */
export async function documentNamesIn(db: Queryable, folderId: string): Promise<Set<string>> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from documents where folder_id = ${folderId} and deleted_at is null`,
  );
  return new Set(rows.map((r) => r.name));
}

/** The live subfolder of this name, if any. */
export async function findSubfolder(db: Queryable, parentId: string, name: string) {
  const [row] = await db
    .select()
    .from(folders)
    .where(and(eq(folders.parentId, parentId), eq(folders.name, name), isNull(folders.deletedAt)))
    .orderBy(asc(folders.createdAt))
    .limit(1);
  return row;
}

/** Live documents and folders of the matter among these ids: what may be shared in it. */
export async function shareableTargets(
  db: Queryable,
  firmId: string,
  matterId: string,
  documentIds: string[],
  folderIds: string[],
): Promise<{ documents: Map<string, string>; folders: Map<string, string> }> {
  const live = (t: typeof documents | typeof folders) =>
    and(eq(t.firmId, firmId), eq(t.matterId, matterId), isNull(t.deletedAt));
  const [docs, dirs] = await Promise.all([
    documentIds.length === 0
      ? []
      : db
          .select({ id: documents.id, name: documents.name })
          .from(documents)
          .where(and(live(documents), inArray(documents.id, documentIds))),
    folderIds.length === 0
      ? []
      : db
          .select({ id: folders.id, name: folders.name })
          .from(folders)
          .where(and(live(folders), inArray(folders.id, folderIds))),
  ]);
  return {
    documents: new Map(docs.map((d) => [d.id, d.name])),
    folders: new Map(dirs.map((f) => [f.id, f.name])),
  };
}
