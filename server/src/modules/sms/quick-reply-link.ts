import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import { hashToken } from '../identity/sessions.repository';
import { findQuickReplyTarget, type QuickReplyTarget } from './sms.repository';

const WINDOW_MS = 15 * 60 * 1000;

/**
 * The recipient behind a quick-reply link, rate limited per token and per IP first (so guessing
 * costs the same as using). Expired, unknown, or its party no longer in the conversation → 404.
 */
export async function openQuickReplyLink(
  deps: Deps,
  token: string,
  meta: RequestMeta,
): Promise<QuickReplyTarget> {
  const tokenHash = hashToken(token);
  await reserveAttempt(
    deps.db,
    `quick-ip:${meta.ip ?? 'unknown'}`,
    deps.config.QUICK_REPLY_LIMIT_PER_IP,
    WINDOW_MS,
  );
  await reserveAttempt(
    deps.db,
    `quick-token:${tokenHash}`,
    deps.config.QUICK_REPLY_LIMIT_PER_TOKEN,
    WINDOW_MS,
  );
  const target = await findQuickReplyTarget(deps.db, tokenHash);
  if (!target) throw notFound('Link');
  return target;
}
