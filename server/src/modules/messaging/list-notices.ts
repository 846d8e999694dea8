import type { ConversationNoticeView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { StaffActor } from '../access/actor';
import { noticeRows } from './conversation-notices.repository';
import { requireVisibleConversation } from './messaging.policy';

/**
 * `GET /conversations/:id/notices`: the staff-only lines of a conversation the caller can see
 * (404 otherwise), oldest first; e.g. "Dana Doe's email changed by Carol …" (DESIGN.md rule 12).
 */
export async function listNotices(
  deps: Deps,
  actor: StaffActor,
  conversationId: string,
): Promise<{ items: ConversationNoticeView[] }> {
  const conversation = await requireVisibleConversation(deps.db, actor, conversationId);
  const rows = await noticeRows(deps.db, conversation.id);
  return {
    items: rows.map(({ notice, byName }) => ({
      id: notice.id,
      conversationId: notice.conversationId,
      kind: notice.kind,
      text: notice.text,
      by: notice.staffId ? { id: notice.staffId, name: byName ?? '' } : null,
      createdAt: notice.createdAt.toISOString(),
    })),
  };
}
