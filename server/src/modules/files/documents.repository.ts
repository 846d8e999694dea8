import { eq, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { documents, documentVersions } from '../../platform/db/schema';
import { partyWaysIn } from '../access/portal-access';
import type { DocumentRow, VersionRow } from './files.repository';

/** Document and version rows as they are written (STYLE.md: SQL in repositories). */

/** The document row, locked until the transaction ends (concurrent writers queue behind it). */
export async function lockDocument(tx: Queryable, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.id, documentId)).for('update');
  return row;
}

export async function insertDocument(
  tx: Queryable,
  values: typeof documents.$inferInsert,
): Promise<DocumentRow> {
  const [row] = await tx.insert(documents).values(values).returning();
  return row!;
}

/** The highest version number of a document (0 when it has none). */
export async function lastVersionNumber(tx: Queryable, documentId: string): Promise<number> {
  const [last] = await queryRows<{ n: number }>(
    tx,
    sql`select coalesce(max(number), 0)::int as n from document_versions where document_id = ${documentId}`,
  );
  return last?.n ?? 0;
}

export async function insertVersionRow(
  tx: Queryable,
  values: typeof documentVersions.$inferInsert,
): Promise<VersionRow> {
  const [row] = await tx.insert(documentVersions).values(values).returning();
  return row!;
}

/** Point the document at its new current version (`updatedAt`: also mark it changed). */
export async function setCurrentVersion(
  tx: Queryable,
  documentId: string,
  versionId: string,
  updatedAt?: Date,
) {
  await tx
    .update(documents)
    .set({ currentVersionId: versionId, ...(updatedAt ? { updatedAt } : {}) })
    .where(eq(documents.id, documentId));
}

/** Rename and/or move a document (its new name and folder). */
export async function placeDocument(
  tx: Queryable,
  documentId: string,
  place: { name: string; folderId: string },
) {
  await tx
    .update(documents)
    .set({ ...place, updatedAt: new Date() })
    .where(eq(documents.id, documentId));
}

/** Soft delete: the row that was deleted (undefined when there is none). */
export async function markDocumentDeleted(
  tx: Queryable,
  documentId: string,
): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .update(documents)
    .set({ deletedAt: new Date() })
    .where(eq(documents.id, documentId))
    .returning();
  return row;
}

export interface DocumentMessageRow {
  message_id: string;
  conversation_id: string;
  kind: 'attachment' | 'share';
  share_id: string | null;
  at: Date | string;
  revoked_at: Date | string | null;
  recipients: { partyId: string; name: string }[] | null;
}

/**
 * Where this document was sent (attachments) or shared (a share of it or of a folder above it),
 * newest first, with the parties of each conversation.
 */
export function documentMessageRows(
  db: Queryable,
  document: { id: string; matterId: string; folderId: string },
): Promise<DocumentMessageRow[]> {
  return queryRows<DocumentMessageRow>(
    db,
    sql`
    with hits as (
      select a.message_id, m.conversation_id, 'attachment' as kind, null::text as share_id,
        a.created_at as at, null::timestamptz as revoked_at
      from attachments a join messages m on m.id = a.message_id
      where a.document_id = ${document.id}
      union all
      select s.message_id, s.conversation_id, 'share', s.id, s.created_at, s.revoked_at
      from shares s left join folders a on a.id = s.folder_id
      where s.matter_id = ${document.matterId} and (s.document_id = ${document.id}
        or (select f.path from folders f where f.id = ${document.folderId}) like a.path || '%'))
    select h.*, (
      select json_agg(json_build_object('partyId', pa.id, 'name', ct.name) order by ct.name)
      from ${partyWaysIn} where pt.conversation_id = h.conversation_id
    ) as recipients
    from hits h order by h.at desc, h.message_id`,
  );
}
