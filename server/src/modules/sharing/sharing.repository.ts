import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db/database';
import { matters, shares } from '../../platform/db/schema';
import type { StaffActor } from '../access/actor';
import { matterVisibleTo } from '../access/matter-access';
import { conversationVisibleToParty, partyWaysIn } from '../access/portal-access';

/** The staff side of sharing as SQL (STYLE.md); the portal side is `portal-shares.repository.ts`. */

/** A share of a matter the actor may see; undefined when missing and when forbidden alike. */
export async function visibleShare(db: Queryable, actor: StaffActor, shareId: string) {
  const [row] = await db
    .select({ id: shares.id, matterId: shares.matterId, conversationId: shares.conversationId })
    .from(shares)
    .innerJoin(matters, eq(matters.id, shares.matterId))
    .where(and(eq(shares.id, shareId), eq(shares.firmId, actor.firmId), matterVisibleTo(actor)));
  return row;
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
