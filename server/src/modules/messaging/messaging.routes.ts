import {
  addParticipantsRequest,
  conversation,
  conversationQuery,
  createConversationRequest,
  createMatterConversationRequest,
  idParams,
  markReadRequest,
  matterMessageRequest,
  matterMessageResponse,
  message,
  messageList,
  messageQuery,
  noticeList,
  page,
  participantParams,
  postMessageRequest,
  searchQuery,
  searchResponse,
  unreadTotals,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { createConversation } from './create-conversation';
import { unreadTotals as countUnreadFor, getConversation, listConversations } from './list-conversations';
import { listMessages } from './list-messages';
import { listNotices } from './list-notices';
import { addParticipants, removeParticipant } from './manage-participants';
import { markRead } from './mark-read';
import { postMessage } from './post-message';
import { searchMessages } from './search-messages';
import { sendMatterMessage } from './send-matter-message';

const tag = 'messaging';

export const messagingRoutes = [
  route({
    method: 'GET',
    url: '/conversations',
    summary: 'Visible conversations, most recent activity first (the home Messages view without matterId)',
    tag,
    auth: 'staff',
    query: conversationQuery,
    response: page(conversation),
    handler: ({ deps, actor, query }) => listConversations(deps, actor, query),
  }),
  route({
    method: 'GET',
    url: '/me/unread',
    summary: "The caller's unread totals: conversations they take part in and messages they have not read",
    tag,
    auth: 'staff',
    response: unreadTotals,
    handler: ({ deps, actor }) => countUnreadFor(deps, actor),
  }),
  route({
    method: 'POST',
    url: '/conversations',
    summary: 'Start a channel (any staff may join) or a direct message (private to its participants)',
    tag,
    auth: 'staff',
    body: createConversationRequest,
    status: 201,
    response: conversation,
    errors: [404],
    handler: ({ deps, actor, body, meta }) => createConversation(deps, actor, body, meta),
  }),
  route({
    method: 'POST',
    url: '/matters/:id/conversations',
    summary: 'Start an external (with parties) or internal (staff only) conversation on a matter',
    tag,
    auth: 'staff',
    params: idParams,
    body: createMatterConversationRequest,
    status: 201,
    response: conversation,
    errors: [404, 422],
    handler: ({ deps, actor, params, body, meta }) =>
      createConversation(deps, actor, { ...body, matterId: params.id }, meta),
  }),
  route({
    method: 'GET',
    url: '/conversations/:id',
    summary: 'One conversation',
    tag,
    auth: 'staff',
    params: idParams,
    response: conversation,
    errors: [404],
    handler: ({ deps, actor, params }) => getConversation(deps.db, actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/conversations/:id/participants',
    summary: 'Add staff or parties (join a channel by adding yourself)',
    tag,
    auth: 'staff',
    params: idParams,
    body: addParticipantsRequest,
    response: conversation,
    errors: [404, 422],
    handler: ({ deps, actor, params, body, meta }) => addParticipants(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'DELETE',
    url: '/conversations/:id/participants/:participantId',
    summary: 'Take someone out of a conversation (their realtime stops at once)',
    tag,
    auth: 'staff',
    params: participantParams,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, meta }) =>
      removeParticipant(deps, actor, params.id, params.participantId, meta),
  }),
  route({
    method: 'GET',
    url: '/conversations/:id/messages',
    summary:
      'Messages by seq, ascending: `after` to catch up, `before` to page back (latest page by default)',
    tag,
    auth: 'staff',
    params: idParams,
    query: messageQuery,
    response: messageList,
    errors: [404],
    handler: ({ deps, actor, params, query }) => listMessages(deps, actor, params.id, query),
  }),
  route({
    method: 'GET',
    url: '/conversations/:id/notices',
    summary:
      "Staff-only lines that are not messages, oldest first (e.g. a party's email or mobile changed by a staff member)",
    tag,
    auth: 'staff',
    params: idParams,
    response: noticeList,
    errors: [404],
    handler: ({ deps, actor, params }) => listNotices(deps, actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/conversations/:id/messages',
    summary: 'Post a message; the same clientMessageId again answers 200 with the first message',
    tag,
    auth: 'staff',
    params: idParams,
    body: postMessageRequest,
    status: 201,
    response: message,
    errors: [404, 422],
    handler: async ({ deps, actor, params, body, meta, reply }) => {
      const result = await postMessage(deps, actor, params.id, body, meta);
      if (!result.created) return reply.status(200).send(result.message);
      return result.message;
    },
  }),
  route({
    method: 'POST',
    url: '/matters/:id/messages',
    summary:
      "The matter's Message action: reuse the conversation with exactly these participants, or start one",
    tag,
    auth: 'staff',
    params: idParams,
    body: matterMessageRequest,
    status: 201,
    response: matterMessageResponse,
    errors: [404, 422],
    handler: async ({ deps, actor, params, body, meta, reply }) => {
      const { created, ...result } = await sendMatterMessage(deps, actor, params.id, body, meta);
      if (!created) return reply.status(200).send(result);
      return result;
    },
  }),
  route({
    method: 'POST',
    url: '/conversations/:id/read',
    summary: 'Mark read up to seq (only moves forward)',
    tag,
    auth: 'staff',
    params: idParams,
    body: markReadRequest,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, body, meta }) => markRead(deps, actor, params.id, body.seq, meta),
  }),
  route({
    method: 'GET',
    url: '/search',
    summary: 'Full-text search of messages in the conversations the caller may see',
    tag,
    auth: 'staff',
    query: searchQuery,
    response: searchResponse,
    errors: [404],
    handler: ({ deps, actor, query }) => searchMessages(deps, actor, query),
  }),
];
