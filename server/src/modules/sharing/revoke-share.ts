import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { presentMatterShare } from './sharing.presenter';
import { matterShareRows, partiesLosingAccess, revokeShareRow, visibleShare } from './sharing.repository';

async function shareWithAffected(db: Queryable, share: { id: string; matterId: string }) {
  const [rows, affected] = await Promise.all([
    matterShareRows(db, share.matterId, { shareId: share.id }),
    partiesLosingAccess(db, share.id),
  ]);
  return { share: presentMatterShare(rows[0]!), affected };
}

/** Before Remove Access: the share and who would lose access (DESIGN.md rule 3). */
export async function previewRevoke(deps: Deps, actor: StaffActor, shareId: string) {
  const share = await visibleShare(deps.db, actor, shareId);
  if (!share) throw notFound('Share');
  return shareWithAffected(deps.db, share);
}

/**
 * Remove Access (`DELETE /shares/:id`). The revoke commits before this returns, and every portal
 * content check reads `shares` from the database, so from then on every node refuses. `affected`:
 * the conversation's parties with no other active share covering the same target (the same answer
 * when repeated). Repeating is harmless: 200, nothing written, no event.
 */
export async function revokeShare(deps: Deps, actor: StaffActor, shareId: string, meta: RequestMeta) {
  const share = await visibleShare(deps.db, actor, shareId);
  if (!share) throw notFound('Share');
  const revoked = await deps.db.transaction(async (tx) => {
    const row = await revokeShareRow(tx, share.id, actor.id);
    if (!row) return false;
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'share.revoke',
      targetType: 'share',
      targetId: share.id,
      matterId: share.matterId,
      meta,
      data: { conversationId: share.conversationId },
    });
    return true;
  });
  if (revoked) {
    await deps.realtime.publish({
      type: 'share.revoked',
      conversationId: share.conversationId,
      shareId: share.id,
    });
  }
  return shareWithAffected(deps.db, share);
}
