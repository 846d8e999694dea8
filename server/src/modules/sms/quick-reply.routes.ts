import { portalMessage, quickReplyInput, quickReplyParams, quickReplyView } from '@parley/contracts';
import { route } from '../../platform/http/route';
import { getQuickReply, postQuickReply } from './quick-reply';

const tag = 'quick reply';

/** The quick-reply link of an SMS (`PUBLIC_URL/r/<token>`, page in web/src/portal/QuickReply.tsx). */
export const quickReplyRoutes = [
  route({
    method: 'GET',
    url: '/quick/:token',
    summary: 'A quick-reply link: the firm, the matter and the last 10 messages (MFA ones locked)',
    tag,
    auth: 'none',
    params: quickReplyParams,
    response: quickReplyView,
    errors: [404, 429],
    handler: ({ deps, params, meta }) => getQuickReply(deps, params.token, meta),
  }),
  route({
    method: 'POST',
    url: '/quick/:token/messages',
    summary: 'Reply through a quick-reply link (via "quick_link")',
    tag,
    auth: 'none',
    params: quickReplyParams,
    body: quickReplyInput,
    status: 201,
    response: portalMessage,
    errors: [404, 429],
    handler: ({ deps, params, body, meta }) => postQuickReply(deps, params.token, body, meta),
  }),
];
