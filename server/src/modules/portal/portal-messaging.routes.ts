import {
  idParams,
  markReadRequest,
  messageQuery,
  page,
  pageQuery,
  portalConversation,
  portalMessage,
  portalMessageList,
  portalPostMessageRequest,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { listPortalConversations } from './list-portal-conversations';
import { listPortalMessages } from './list-portal-messages';
import { markPortalRead } from './mark-portal-read';
import { postPortalReply } from './post-portal-reply';

const tag = 'portal';

/** API.md "Client portal": the user's external conversations, messages, replies and read marks. */
export const portalMessagingRoutes = [
  route({
    method: 'GET',
    url: '/portal/conversations',
    summary: 'The external conversations the portal user takes part in (any firm), with unreadCount',
    tag,
    auth: 'portal',
    query: pageQuery,
    response: page(portalConversation),
    handler: ({ deps, actor, query }) => listPortalConversations(deps, actor, query),
  }),
  route({
    method: 'GET',
    url: '/portal/conversations/:id/messages',
    summary: 'Messages by seq; a requireMfa message without a recent step-up is locked (no content)',
    tag,
    auth: 'portal',
    params: idParams,
    query: messageQuery,
    response: portalMessageList,
    errors: [404],
    handler: ({ deps, actor, params, query }) => listPortalMessages(deps, actor, params.id, query),
  }),
  route({
    method: 'POST',
    url: '/portal/conversations/:id/messages',
    summary: 'Reply (via "portal"); uploadIds become documents in the matter\'s "Client uploads" folder',
    tag,
    auth: 'portal',
    params: idParams,
    body: portalPostMessageRequest,
    status: 201,
    response: portalMessage,
    errors: [404, 409, 413, 422],
    handler: async ({ deps, actor, params, body, meta, reply }) => {
      const result = await postPortalReply(deps, actor, params.id, body, meta);
      if (!result.created) return reply.status(200).send(result.message);
      return result.message;
    },
  }),
  route({
    method: 'POST',
    url: '/portal/conversations/:id/read',
    summary: 'The portal user has read up to seq (moves forward only)',
    tag,
    auth: 'portal',
    params: idParams,
    body: markReadRequest,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, body, meta }) => markPortalRead(deps, actor, params.id, body.seq, meta),
  }),
];
