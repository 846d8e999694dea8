import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, queryRowsPrepared, textArray } from '../../platform/db/database';
import { conversationVisibleToPortal } from '../access/portal-access';
import { type AuditEntry, auditCtes } from '../audit/audit.repository';

/** The portal side of sharing: what shared content reaches a portal user, as SQL (STYLE.md). */

/**
 * The live target of a share, as SQL conditions on `s` (shares), `sd` (its document) and `sf` (its
 * folder): deleting a shared document or folder ends the share.
 */
const targetLive = sql`((s.kind = 'document' and sd.deleted_at is null) or (s.kind = 'folder' and sf.deleted_at is null))`;

/**
 * THE rule "this share reaches this document", as a condition on `s` (shares), `sf` (its folder, left
 * joined), `d` (a live document of the share's matter) and `df` (the document's live folder): a
 * document share reaches its document; a folder share reaches every live document whose folder's
 * materialized path starts with the live shared folder's path (one prefix test, no tree walk).
 */
const shareReachesDocument = sql`(s.document_id = d.id or (s.kind = 'folder' and sf.deleted_at is null and df.path like sf.path || '%'))`;

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
 * this portal user read, and through which active share (`shareReachesDocument`). Read from the
 * database on every request, so a revoke on any node is refused by every node from the moment it
 * commits.
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
      and ${shareReachesDocument}
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

/** A live document with its current version: what a document share shows (none once it is deleted). */
export function liveDocumentRows(db: Queryable, documentId: string) {
  return queryRows<PortalDocumentRow>(
    db,
    sql`select d.id, d.name, v.size, v.content_type, v.number as version_number, d.updated_at
        from documents d join document_versions v on v.id = d.current_version_id
        where d.deleted_at is null and d.id = ${documentId} order by d.name, d.id`,
  );
}

export interface PortalDocumentListRow {
  source: 'share' | 'attachment';
  id: string;
  share_id: string | null;
  attachment_id: string | null;
  name: string;
  size: string | number;
  content_type: string;
  matter_title: string;
  conversation_id: string;
  updated_at: Date | string;
  /** The row's place in the list (ties on `updated_at`, cut to the cursor's milliseconds, broken by it). */
  key: string;
}

/**
 * Every file this portal user may open, as one list: each live document an active share reaches (a
 * document share its document; a folder share every live document of the live subtree, as
 * `shareReachesDocument` decides), and each attachment of their conversations; a `requireMfa`
 * message's files only while `unlocked`. Newest first, keyset-paged on (updated_at, key).
 */
export function portalDocumentRows(
  db: Queryable,
  portalUserId: string,
  options: { unlocked: boolean; limit: number; after?: { at: string; key: string } | undefined },
) {
  const mfa: SQL = options.unlocked ? sql`true` : sql`not m.require_mfa`;
  const after = options.after
    ? sql`where (updated_at, key) < (${options.after.at}::timestamptz, ${options.after.key})`
    : sql``;
  return queryRows<PortalDocumentListRow>(
    db,
    sql`
    with items as (
      select 'share' as source, d.id, s.id as share_id, null::text as attachment_id, d.name,
        v.size, v.content_type, mt.title as matter_title, s.conversation_id,
        date_trunc('milliseconds', d.updated_at) as updated_at,
        's:' || s.id || ':' || d.id as key
      from shares s
      join messages m on m.id = s.message_id
      join matters mt on mt.id = s.matter_id
      left join folders sf on sf.id = s.folder_id
      join documents d on d.matter_id = s.matter_id and d.deleted_at is null
      join folders df on df.id = d.folder_id and df.deleted_at is null
      join document_versions v on v.id = d.current_version_id
      where s.revoked_at is null and ${mfa}
        and ${shareReachesDocument}
        and ${conversationVisibleToPortal(portalUserId, sql`s.conversation_id`)}
      union all
      select 'attachment', a.document_id, null, a.id, a.name, a.size, a.content_type,
        mt.title, m.conversation_id,
        date_trunc('milliseconds', m.created_at), 'a:' || a.id
      from attachments a
      join messages m on m.id = a.message_id
      join conversations c on c.id = m.conversation_id
      join matters mt on mt.id = c.matter_id
      where ${mfa} and ${conversationVisibleToPortal(portalUserId, sql`m.conversation_id`)}
    )
    select * from items ${after}
    order by updated_at desc, key desc
    limit ${options.limit}`,
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
