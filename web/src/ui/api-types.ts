/**
 * Names for the API shapes the screens pass around, each `z.infer` of a schema in `@parley/contracts`
 * (types only: erased from the bundle). Nothing here is written by hand.
 */
import type * as C from '@parley/contracts';
import type { output } from 'zod';

export type Me = output<typeof C.me>;
export type StaffMember = output<typeof C.staffMember>;
export type FirmSettings = output<typeof C.firmSettings>;
export type OutboxItem = output<typeof C.outboxItem>;
/** `details` of a 409 `name_taken`. */
export type NameTakenDetails = output<typeof C.nameTakenDetails>;

export type Contact = output<typeof C.contact>;
export type Matter = output<typeof C.matter>;
export type Party = output<typeof C.party>;

export type Listing = output<typeof C.filesListing>;
export type FolderSummary = output<typeof C.folderSummary>;
export type DocumentSummary = output<typeof C.documentSummary>;
export type DocumentDetail = output<typeof C.documentDetail>;
export type DocumentMessage = output<typeof C.documentMessage>;

export type Conversation = output<typeof C.conversation>;
export type ConversationKind = C.ConversationKind;
export type Participant = output<typeof C.participantView>;
export type Message = output<typeof C.message>;
/** A staff-only line of a conversation that is not a message (e.g. a party's email changed). */
export type Notice = output<typeof C.conversationNotice>;
export type MessageLink = output<typeof C.link>;
export type PortalMessage = output<typeof C.portalMessage>;
export type SearchHit = output<typeof C.searchHit>;

export type MatterShare = output<typeof C.matterShare>;
export type RevokeShareResult = output<typeof C.revokeShareResponse>;

export type PortalUser = output<typeof C.portalMe>;
export type PortalConversation = output<typeof C.portalConversation>;
export type PortalShare = output<typeof C.portalShare>;
export type PortalShareFiles = output<typeof C.portalShareFiles>;
export type QuickReplyView = output<typeof C.quickReplyView>;

export type ErrorCode = C.ErrorCode;
