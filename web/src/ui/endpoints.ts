/**
 * Every API route the web app calls, keyed `"METHOD /path"` as the server declares it, with the
 * types of its body, query and answer taken from the zod schemas in `@parley/contracts` (the same
 * schemas the server validates with and builds OpenAPI from). Types only: nothing here reaches the
 * bundle. A route the server adds is added here with the schemas its route spec names.
 */
import type * as C from '@parley/contracts';
import type { input, output, ZodType } from 'zod';

/** What the server answers (after its schema's transforms and defaults). */
type Out<S extends ZodType> = output<S>;
/** What a client sends: the schema's input (defaults may be left out). */
type In<S extends ZodType> = input<S>;
/**
 * A query as the client writes it: the parsed types (numbers are numbers, not the strings of a URL),
 * optional where the schema has a default or makes them optional.
 */
type QueryOf<S extends ZodType> = {
  [K in keyof In<S>]: K extends keyof Out<S> ? Out<S>[K] : never;
};
type PageOf<S extends ZodType> = Out<ReturnType<typeof C.page<S>>>;

interface Route<Res, Body = undefined, Query = undefined> {
  response: Res;
  body: Body;
  query: Query;
}

export interface Endpoints {
  // Staff sign-in and the caller
  'POST /auth/login': Route<Out<typeof C.loginResponse>, In<typeof C.loginRequest>>;
  'POST /auth/logout': Route<undefined>;
  'GET /me': Route<Out<typeof C.me>>;
  'GET /me/unread': Route<Out<typeof C.unreadTotals>>;
  'POST /auth/totp/setup': Route<Out<typeof C.totpSetupResponse>>;
  'POST /auth/totp/confirm': Route<Out<typeof C.totpConfirmResponse>, In<typeof C.codeRequest>>;
  'POST /auth/password': Route<undefined, In<typeof C.changePasswordRequest>>;
  'GET /me/sessions': Route<Out<typeof C.sessionList>>;
  'DELETE /me/sessions/:id': Route<undefined>;
  'DELETE /me/sessions': Route<undefined, undefined, QueryOf<typeof C.endSessionsQuery>>;
  'GET /staff/:id/sessions': Route<Out<typeof C.sessionList>>;
  'DELETE /staff/:id/sessions': Route<undefined>;
  // Firm and staff
  'GET /firm': Route<Out<typeof C.firmSettings>>;
  'PATCH /firm': Route<Out<typeof C.firmSettings>, In<typeof C.updateFirmRequest>>;
  /** Multipart (one part named `file`): sent with `apiForm()`, not `api()`. */
  'PUT /firm/logo': Route<Out<typeof C.firmLogoResponse>>;
  'DELETE /firm/logo': Route<undefined>;
  'GET /branding': Route<Out<typeof C.branding>, undefined, QueryOf<typeof C.brandingQuery>>;
  'GET /staff': Route<PageOf<typeof C.staffMember>, undefined, QueryOf<typeof C.pageQuery>>;
  'POST /staff': Route<Out<typeof C.createStaffResponse>, In<typeof C.createStaffRequest>>;
  'PATCH /staff/:id': Route<Out<typeof C.staffMember>, In<typeof C.updateStaffRequest>>;
  'POST /staff/:id/password': Route<Out<typeof C.resetPasswordResponse>, In<typeof C.resetPasswordRequest>>;
  'DELETE /staff/:id/totp': Route<Out<typeof C.staffMember>>;
  'GET /dev/outbox': Route<Out<typeof C.outboxList>>;
  // Contacts, matters, parties
  'POST /contacts': Route<Out<typeof C.contact>, In<typeof C.createContactRequest>>;
  'GET /contacts': Route<PageOf<typeof C.contact>, undefined, QueryOf<typeof C.contactQuery>>;
  'GET /contacts/:id': Route<Out<typeof C.contact>>;
  'PATCH /contacts/:id': Route<Out<typeof C.contact>, In<typeof C.updateContactRequest>>;
  'POST /matters': Route<Out<typeof C.matter>, In<typeof C.createMatterRequest>>;
  'GET /matters': Route<PageOf<typeof C.matter>, undefined, QueryOf<typeof C.matterQuery>>;
  'GET /matters/:id': Route<Out<typeof C.matter>>;
  'PATCH /matters/:id': Route<Out<typeof C.matter>, In<typeof C.updateMatterRequest>>;
  'POST /matters/:id/parties': Route<Out<typeof C.party>, In<typeof C.createPartyRequest>>;
  'GET /matters/:id/parties': Route<Out<typeof C.partyList>>;
  'PATCH /matters/:id/parties/:partyId': Route<Out<typeof C.party>, In<typeof C.updatePartyRequest>>;
  'DELETE /matters/:id/parties/:partyId': Route<undefined>;
  // All Files
  'GET /matters/:id/files': Route<Out<typeof C.filesListing>, undefined, QueryOf<typeof C.filesQuery>>;
  'POST /matters/:id/folders': Route<Out<typeof C.folder>, In<typeof C.createFolderRequest>>;
  'PATCH /folders/:id': Route<Out<typeof C.folder>, In<typeof C.updateFolderRequest>>;
  'DELETE /folders/:id': Route<undefined>;
  'POST /matters/:id/documents': Route<Out<typeof C.createdDocuments>, In<typeof C.createDocumentRequest>>;
  'POST /documents/:id/versions': Route<Out<typeof C.version>, In<typeof C.addVersionRequest>>;
  'GET /documents/:id': Route<Out<typeof C.documentDetail>>;
  'PATCH /documents/:id': Route<Out<typeof C.documentSummary>, In<typeof C.updateDocumentRequest>>;
  'DELETE /documents/:id': Route<undefined>;
  'GET /documents/:id/messages': Route<Out<typeof C.documentMessages>>;
  // Conversations and messages
  'GET /conversations': Route<PageOf<typeof C.conversation>, undefined, QueryOf<typeof C.conversationQuery>>;
  'POST /conversations': Route<Out<typeof C.conversation>, In<typeof C.createConversationRequest>>;
  'POST /matters/:id/conversations': Route<
    Out<typeof C.conversation>,
    In<typeof C.createMatterConversationRequest>
  >;
  'GET /conversations/:id': Route<Out<typeof C.conversation>>;
  'POST /conversations/:id/participants': Route<
    Out<typeof C.conversation>,
    In<typeof C.addParticipantsRequest>
  >;
  'DELETE /conversations/:id/participants/:participantId': Route<undefined>;
  'GET /conversations/:id/messages': Route<
    Out<typeof C.messageList>,
    undefined,
    QueryOf<typeof C.messageQuery>
  >;
  'GET /conversations/:id/notices': Route<Out<typeof C.noticeList>>;
  'POST /conversations/:id/messages': Route<Out<typeof C.message>, In<typeof C.postMessageRequest>>;
  'POST /matters/:id/messages': Route<Out<typeof C.matterMessageResponse>, In<typeof C.matterMessageRequest>>;
  'POST /conversations/:id/read': Route<undefined, In<typeof C.markReadRequest>>;
  'GET /search': Route<Out<typeof C.searchResponse>, undefined, QueryOf<typeof C.searchQuery>>;
  // Send, Share, Remove Access
  'POST /matters/:id/send': Route<Out<typeof C.sendFilesResponse>, In<typeof C.sendFilesRequest>>;
  'POST /matters/:id/share': Route<Out<typeof C.sendFilesResponse>, In<typeof C.shareFilesRequest>>;
  'GET /matters/:id/shares': Route<
    Out<typeof C.matterSharesResponse>,
    undefined,
    QueryOf<typeof C.matterSharesQuery>
  >;
  'GET /shares/:id': Route<Out<typeof C.revokeShareResponse>>;
  'DELETE /shares/:id': Route<Out<typeof C.revokeShareResponse>>;
  // Client portal
  'POST /portal/auth/email-link': Route<undefined, In<typeof C.emailLinkRequest>>;
  'POST /portal/auth/exchange': Route<Out<typeof C.exchangeResponse>, In<typeof C.exchangeRequest>>;
  'POST /portal/auth/logout': Route<undefined>;
  'GET /portal/me': Route<Out<typeof C.portalMe>>;
  'PATCH /portal/me': Route<Out<typeof C.portalMe>, In<typeof C.updatePortalMeRequest>>;
  'GET /portal/me/sessions': Route<Out<typeof C.sessionList>>;
  'DELETE /portal/me/sessions/:id': Route<undefined>;
  'DELETE /portal/me/sessions': Route<undefined, undefined, QueryOf<typeof C.endSessionsQuery>>;
  'POST /portal/mfa/challenge': Route<Out<typeof C.mfaChallengeResponse>, In<typeof C.mfaChallengeRequest>>;
  'POST /portal/mfa/verify': Route<Out<typeof C.mfaVerifyResponse>, In<typeof C.codeRequest>>;
  'POST /portal/mfa/totp/setup': Route<Out<typeof C.totpSetupResponse>>;
  'POST /portal/mfa/totp/confirm': Route<Out<typeof C.totpConfirmResponse>, In<typeof C.codeRequest>>;
  'GET /portal/conversations': Route<
    PageOf<typeof C.portalConversation>,
    undefined,
    QueryOf<typeof C.pageQuery>
  >;
  'GET /portal/conversations/:id/messages': Route<
    Out<typeof C.portalMessageList>,
    undefined,
    QueryOf<typeof C.messageQuery>
  >;
  'POST /portal/conversations/:id/messages': Route<
    Out<typeof C.portalMessage>,
    In<typeof C.portalPostMessageRequest>
  >;
  'POST /portal/conversations/:id/read': Route<undefined, In<typeof C.markReadRequest>>;
  'GET /portal/shares': Route<Out<typeof C.portalSharesResponse>>;
  'GET /portal/documents': Route<PageOf<typeof C.portalDocumentItem>, undefined, QueryOf<typeof C.pageQuery>>;
  'GET /portal/shares/:id/files': Route<
    Out<typeof C.portalShareFiles>,
    undefined,
    QueryOf<typeof C.portalShareFilesQuery>
  >;
  // The bytes of a file (read with `fetchContent`, or by a[download] / a media element; never api())
  'GET /portal/attachments/:id/content': Route<Blob>;
  'GET /portal/shares/:id/documents/:documentId/content': Route<Blob>;
  // Quick reply (from an SMS link)
  'GET /quick/:token': Route<Out<typeof C.quickReplyView>>;
  'POST /quick/:token/messages': Route<Out<typeof C.portalMessage>, In<typeof C.quickReplyInput>>;
}

export type Endpoint = keyof Endpoints;
export type ResponseOf<E extends Endpoint> = Endpoints[E]['response'];
export type BodyOf<E extends Endpoint> = Endpoints[E]['body'];
export type QueryOfEndpoint<E extends Endpoint> = Endpoints[E]['query'];
