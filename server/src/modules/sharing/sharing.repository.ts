import { and, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, queryRowsPrepared, textArray } from '../../platform/db/database';
import {
  conversationVisibleToParty,
  conversationVisibleToPortal,
  partyWaysIn,
} from '../access/portal-access';
import { type AuditEntry, auditCtes } from '../audit/audit';

/** All SQL of the sharing module (STYLE.md). */

/**
 * The live target of a share, as SQL conditions on `s` (shares), `sd` (its document) and `sf` (its
 * folder): deleting a shared document or folder ends the share.
 */
const targetLive = sql`((s.kind = 'document' and sd.deleted_at is null) or (s.kind = 'folder' and sf.deleted_at is null))`;

export interface PortalShareRow {
  id: string;
  firm_id: string;
  matter_id: string;
  matter_title: string;
  conversation_id: string;
  message_id: string;
  kind: 'document' | 'folder';
  document_id: string | null;
  folder_id: string | null;
  folder_path: string | null;
  name: string;
  require_mfa: boolean;
  shared_at: Date | string;
  /** The document's, or the newest of the folder and the live documents below it (lists only). */
  updated_at: Date | string | null;
}

/**
 * Active shares that reach this portal user (one query): not revoked, target live, in an external
 * conversation where one of the user's parties is an active participant. `shareId` narrows to one.
 */
export async function portalShareRows(
  db: Queryable,
  portalUserId: string,
  shareId?: string,
): Promise<PortalShareRow[]> {
  return queryRowsPrepared<PortalShareRow>(
    db,
    sql`
    select s.id, s.firm_id, s.matter_id, mt.title as matter_title, s.conversation_id, s.message_id, s.kind,
      s.document_id, s.folder_id, sf.path as folder_path, coalesce(sd.name, sf.name) as name,
      m.require_mfa, s.created_at as shared_at,
      ${
        shareId
          ? sql`null::timestamptz` // one share is looked up to be opened: no need for its activity time
          : sql`case when s.kind = 'document' then sd.updated_at
        else greatest(sf.updated_at, (select max(d.updated_at) from documents d join folders f on f.id = d.folder_id
          where d.matter_id = s.matter_id and d.deleted_at is null and f.path like sf.path || '%')) end`
      } as updated_at
    from shares s
    join messages m on m.id = s.message_id
    join matters mt on mt.id = s.matter_id
    left join documents sd on sd.id = s.document_id
    left join folders sf on sf.id = s.folder_id
    where s.revoked_at is null and ${targetLive}
      ${shareId ? sql`and s.id = ${shareId}` : sql``}
      and ${conversationVisibleToPortal(portalUserId, sql`s.conversation_id`)}
    order by s.created_at desc, s.id`,
  );
}

export interface ReadableDocumentRow {
  document_id: string;
  share_id: string;
  require_mfa: boolean;
  firm_id: string;
  matter_id: string;
  name: string;
  current_version_id: string;
}

/**
 * THE access rule for shared content (DESIGN.md rules 1-3), set-based: which of these documents may
 * this portal user read, and through which active share. A document share reaches its document; a
 * folder share reaches every live document whose folder's materialized path starts with the shared
 * folder's path (one prefix test, no tree walk). Read from the database on every request, so a
 * revoke on any node is refused by every node from the moment it commits.
 */
export async function readableDocuments(
  db: Queryable,
  portalUserId: string,
  documentIds: string[],
  shareId?: string,
): Promise<ReadableDocumentRow[]> {
  if (documentIds.length === 0) return [];
  // Prepared (PostgreSQL): the join's planning costs several times its execution.
  return queryRowsPrepared<ReadableDocumentRow>(
    db,
    sql`
    select d.id as document_id, s.id as share_id, m.require_mfa, s.firm_id, s.matter_id, d.name,
      d.current_version_id
    from documents d
    join folders df on df.id = d.folder_id
    join shares s on s.matter_id = d.matter_id and s.revoked_at is null
    left join folders sf on sf.id = s.folder_id
    join messages m on m.id = s.message_id
    where d.id = any(${textArray(documentIds)}::text[]) and d.deleted_at is null and df.deleted_at is null
      ${shareId ? sql`and s.id = ${shareId}` : sql``}
      and (s.document_id = d.id or (sf.deleted_at is null and df.path like sf.path || '%'))
      and ${conversationVisibleToPortal(portalUserId, sql`s.conversation_id`)}
    order by m.require_mfa, s.created_at`,
  );
}

export interface PortalDocumentRow {
  id: string;
  name: string;
  size: string | number;
  content_type: string;
  version_number: number;
  updated_at: Date | string;
}

export interface FolderListingRow {
  id: string;
  name: string;
  parent_id: string | null;
  subfolders: { id: string; name: string; updated_at: string }[];
  documents: PortalDocumentRow[];
}

/**
 * A folder of a shared subtree (`path` is the shared folder's) with its live subfolders and its live
 * documents (current versions), and the view's audit row, in ONE prepared statement whatever the
 * folder holds. Undefined, and nothing audited, when the folder is not in the subtree.
 */
export async function folderListing(
  db: Queryable,
  shared: { matterId: string; path: string },
  folderId: string,
  audit: AuditEntry,
): Promise<FolderListingRow | undefined> {
  const [row] = await queryRowsPrepared<FolderListingRow>(
    db,
    sql`
    with f as (
      select id, name, parent_id from folders
      where id = ${folderId} and matter_id = ${shared.matterId} and deleted_at is null
        and path like ${`${shared.path}%`}
    ), ${auditCtes(audit, sql`exists (select 1 from f)`)}
    select f.id, f.name, f.parent_id,
      coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name, 'updated_at', c.updated_at)
          order by c.name, c.id)
        from folders c where c.parent_id = f.id and c.deleted_at is null), '[]') as subfolders,
      coalesce((select json_agg(json_build_object('id', d.id, 'name', d.name, 'size', v.size,
          'content_type', v.content_type, 'version_number', v.number, 'updated_at', d.updated_at)
          order by d.name, d.id)
        from documents d join document_versions v on v.id = d.current_version_id
        where d.folder_id = f.id and d.deleted_at is null), '[]') as documents
    from f`,
  );
  return row;
}

export function documentRows(db: Queryable, where: SQL) {
  return queryRows<PortalDocumentRow>(
    db,
    sql`select d.id, d.name, v.size, v.content_type, v.number as version_number, d.updated_at
        from documents d join document_versions v on v.id = d.current_version_id
        where d.deleted_at is null and ${where} order by d.name, d.id`,
  );
}

export interface MatterShareRow {
  id: string;
  kind: 'document' | 'folder';
  target_id: string;
  name: string;
  conversation_id: string;
  message_id: string;
  shared_by: string;
  shared_by_name: string;
  shared_at: Date | string;
  revoked_at: Date | string | null;
  recipients: { partyId: string; name: string }[] | string | null;
}

/**
 * A matter's shares, newest first, with the parties of each conversation. `documentId` / `folderId`
 * narrow to the shares that reach that document or folder (its own share or one of a folder above).
 */
export async function matterShareRows(
  db: Queryable,
  matterId: string,
  filter: { documentId?: string; folderId?: string; shareId?: string },
): Promise<MatterShareRow[]> {
  const where: SQL[] = [sql`s.matter_id = ${matterId}`];
  if (filter.shareId) where.push(sql`s.id = ${filter.shareId}`);
  if (filter.documentId) {
    where.push(sql`(s.document_id = ${filter.documentId} or (select f.path from documents d
      join folders f on f.id = d.folder_id where d.id = ${filter.documentId}) like sf.path || '%')`);
  }
  if (filter.folderId) {
    where.push(sql`(select f.path from folders f where f.id = ${filter.folderId}) like sf.path || '%'`);
  }
  return queryRows<MatterShareRow>(
    db,
    sql`
    select s.id, s.kind, coalesce(s.document_id, s.folder_id) as target_id, coalesce(sd.name, sf.name, '') as name,
      s.conversation_id, s.message_id, s.shared_by, coalesce(st.name, '') as shared_by_name,
      s.created_at as shared_at, s.revoked_at,
      (select json_agg(json_build_object('partyId', pa.id, 'name', ct.name) order by ct.name, pa.id)
        from ${partyWaysIn} where pt.conversation_id = s.conversation_id) as recipients
    from shares s
    left join documents sd on sd.id = s.document_id
    left join folders sf on sf.id = s.folder_id
    left join staff st on st.id = s.shared_by
    where ${and(...where)}
    order by s.created_at desc, s.id`,
  );
}

/**
 * Who loses access when this share goes: the parties of its conversation with no OTHER active share
 * (in a conversation they are still in) that covers the same target: the same document, or a folder
 * whose subtree holds it. Answered the same before and after the revoke.
 */
export async function partiesLosingAccess(db: Queryable, shareId: string) {
  const rows = await queryRows<{ party_id: string; name: string }>(
    db,
    sql`
    with me as (
      select s.id, s.conversation_id, s.matter_id, s.document_id,
        coalesce(sf.path, (select f.path from documents d join folders f on f.id = d.folder_id
          where d.id = s.document_id)) as target_path
      from shares s left join folders sf on sf.id = s.folder_id where s.id = ${shareId}
    )
    select pa.id as party_id, ct.name
    from me join ${partyWaysIn} on pt.conversation_id = me.conversation_id
    where not exists (
      select 1 from shares o
      left join folders ofd on ofd.id = o.folder_id and ofd.deleted_at is null
      where o.id <> me.id and o.matter_id = me.matter_id and o.revoked_at is null
        and ${conversationVisibleToParty(sql`pa.id`, sql`o.conversation_id`)}
        and ((me.document_id is not null and o.document_id = me.document_id)
          or me.target_path like ofd.path || '%'))
    order by ct.name, pa.id`,
  );
  return rows.map((r) => ({ partyId: r.party_id, name: r.name }));
}

/** Revoke once: `undefined` when it was already revoked (repeating is harmless). */
export async function revokeShareRow(tx: Queryable, shareId: string, staffId: string) {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update shares set revoked_at = now(), revoked_by = ${staffId}
        where id = ${shareId} and revoked_at is null returning id`,
  );
  return rows[0];
}

/** Active shares reaching any of these documents or folders: for `share.updated` signals. */
export async function sharesReaching(
  db: Queryable,
  matterId: string,
  target: { documentIds?: string[]; folderIds?: string[] },
) {
  const documentIds = target.documentIds ?? [];
  const folderIds = target.folderIds ?? [];
  const paths = sql`(select f.path from folders f where f.id in ${[...folderIds, '']}
    union all select f.path from documents d join folders f on f.id = d.folder_id where d.id in ${[...documentIds, '']})`;
  return queryRows<{ id: string; conversation_id: string }>(
    db,
    sql`select s.id, s.conversation_id from shares s left join folders sf on sf.id = s.folder_id
        where s.matter_id = ${matterId} and s.revoked_at is null
          and (s.document_id in ${[...documentIds, '']}
            or exists (select 1 from ${paths} as t(path) where t.path like sf.path || '%'))`,
  );
}

export interface PortalAttachmentRow {
  id: string;
  firm_id: string;
  matter_id: string | null;
  document_id: string;
  version_id: string;
  name: string;
  require_mfa: boolean;
}

/** A fixed copy in an external conversation this portal user takes part in. */
export async function portalAttachment(db: Queryable, portalUserId: string, attachmentId: string) {
  const [row] = await queryRows<PortalAttachmentRow>(
    db,
    sql`select a.id, a.firm_id, c.matter_id, a.document_id, a.version_id, a.name, m.require_mfa
        from attachments a join messages m on m.id = a.message_id
        join conversations c on c.id = m.conversation_id
        where a.id = ${attachmentId} and ${conversationVisibleToPortal(portalUserId, sql`m.conversation_id`)}`,
  );
  return row;
}
