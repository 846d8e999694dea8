import type { PortalMessageView, QuickReplyInput, QuickReplyView } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import type { RequestMeta } from '../../platform/http/request-meta';
import { appendAudit } from '../audit/audit.repository';
import { presentBranding } from '../identity/firm.presenter';
import { findFirm } from '../identity/identity.repository';
import {
  listMessageRows,
  type MessageRow,
  messageExtras,
  messageRowsByIds,
} from '../messaging/messages.repository';
import { presentMessage } from '../messaging/messaging.presenter';
import { postPartyMessage } from '../messaging/post-party-message';
import { openQuickReplyLink } from './quick-reply-link';

const RECENT = 10;

/** As a party sees them from a link: no step-up is possible here, so `requireMfa` ones stay locked. */
async function lockedViews(db: Queryable, rows: MessageRow[]): Promise<PortalMessageView[]> {
  const extras = await messageExtras(db, rows);
  return rows.map((row) => presentMessage(row, extras, { kind: 'portal', mfaVerifiedUntil: null }));
}

/** `GET /quick/:token`: the firm (with its branding), the matter and the last 10 messages; the view is audited. */
export async function getQuickReply(deps: Deps, token: string, meta: RequestMeta): Promise<QuickReplyView> {
  const target = await openQuickReplyLink(deps, token, meta);
  const rows = await listMessageRows(deps.db, target.conversationId, { limit: RECENT });
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      firmId: target.firmId,
      actor: { type: 'anonymous' },
      action: 'quick_reply.view',
      targetType: 'conversation',
      targetId: target.conversationId,
      matterId: target.matterId,
      meta,
      data: { partyId: target.partyId, tokenId: target.tokenId, lastSeq: rows.at(-1)?.seq ?? 0 },
    }),
  );
  const firm = (await findFirm(deps.db, target.firmId))!;
  return {
    ...presentBranding(firm),
    firm: { id: target.firmId, name: target.firmName },
    locale: target.locale,
    matter: { title: target.matterTitle ?? '' },
    messages: await lockedViews(deps.db, rows),
  };
}

/**
 * `POST /quick/:token/messages`: the recipient replies as their party (`via: "quick_link"`); the same
 * `clientMessageId` again answers with the first reply.
 */
export async function postQuickReply(
  deps: Deps,
  token: string,
  input: QuickReplyInput,
  meta: RequestMeta,
): Promise<PortalMessageView> {
  const target = await openQuickReplyLink(deps, token, meta);
  const posted = await postPartyMessage(
    deps,
    { partyId: target.partyId, firmId: target.firmId, via: 'quick_link', auditActor: { type: 'anonymous' } },
    target.conversationId,
    { body: input.body, ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}) },
    [],
    meta,
  );
  const [view] = await lockedViews(deps.db, await messageRowsByIds(deps.db, [posted.messageId]));
  return view!;
}
