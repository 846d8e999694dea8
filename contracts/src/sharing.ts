import { z } from 'zod';
import { id, page } from './common';
import { conversation, message } from './messaging';

/** API.md "Conversations and messages": All Files → Send / Share, Remove Access, where a file went. */
const ids = z.array(id).max(10_000);

/** The optional message of a Send or Share (what the web app sends). */
export const sendMessageFields = z.strictObject({
  body: z.string().max(10_000, 'must be at most 10000 characters').optional(),
  requireMfa: z.boolean().optional(),
  sendAsSms: z.boolean().optional(),
});

export const sendFilesRequest = z.strictObject({
  documentIds: ids.min(1, 'choose at least one document'),
  partyIds: z.array(id).min(1, 'choose at least one party').max(500),
  message: sendMessageFields.optional(),
});

export const shareFilesRequest = z
  .strictObject({
    documentIds: ids.optional(),
    folderIds: ids.optional(),
    partyIds: z.array(id).min(1, 'choose at least one party').max(500),
    message: sendMessageFields.optional(),
  })
  .refine(
    (v) => (v.documentIds?.length ?? 0) + (v.folderIds?.length ?? 0) > 0,
    'choose at least one document or folder',
  );

export const sendFilesResponse = z.object({ conversation, message });

const person = z.object({ partyId: id, name: z.string() });

export const matterShare = z.object({
  id,
  kind: z.enum(['document', 'folder']),
  targetId: id,
  name: z.string(),
  conversationId: id,
  messageId: id,
  recipients: z.array(person),
  sharedBy: z.object({ id, name: z.string() }),
  sharedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const matterSharesQuery = z.strictObject({ documentId: id.optional(), folderId: id.optional() });
export const matterSharesResponse = z.object({ items: z.array(matterShare), nextCursor: z.null() });

export const revokeShareResponse = z.object({ share: matterShare, affected: z.array(person) });

/** The client portal's side. */
export const portalShare = z.object({
  id,
  kind: z.enum(['document', 'folder']),
  name: z.string(),
  conversationId: id,
  matter: z.object({ title: z.string() }),
  sharedAt: z.string(),
  updatedAt: z.string(),
});
export const portalSharesResponse = z.object({ items: z.array(portalShare), nextCursor: z.null() });
/**
 * API.md "Portal additions", `GET /portal/documents`: every file the user can open across matters,
 * newest first. `id` is the document's; `shareId` / `attachmentId` say how it is reached (a shared
 * folder's documents one by one); a `requireMfa` message's files only after step-up.
 */
export const portalDocumentItem = z.object({
  source: z.enum(['share', 'attachment']),
  id,
  shareId: id.optional(),
  attachmentId: id.optional(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  matter: z.object({ title: z.string() }),
  conversationId: id,
  updatedAt: z.string(),
});
export const portalDocumentsResponse = page(portalDocumentItem);
export const portalShareFilesQuery = z.strictObject({ folderId: id.optional() });
export const portalShareFiles = z.object({
  folder: z.object({ id, name: z.string(), parentId: z.string().nullable() }).optional(),
  folders: z.array(z.object({ id, name: z.string(), updatedAt: z.string() })),
  documents: z.array(
    z.object({
      id,
      name: z.string(),
      size: z.number(),
      contentType: z.string(),
      versionNumber: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
});
export const shareDocumentParams = z.strictObject({ id, documentId: id });
