import { z } from 'zod';
import { id, name } from './common';

/**
 * Unicode bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
 * in a file or folder name they make `invoice<U+202E>fdp.exe` read as `invoiceexe.pdf`. They are
 * removed wherever such a name enters (JSON fields, multipart and tus file names).
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export const stripBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, '');

/**
 * A folder or document name: any characters but control ones, at most 255 bytes in UTF-8. A name is
 * only ever shown, never used as a path, so '/' and '..' are harmless. Bidirectional controls are
 * removed first (`stripBidiControls`), so a name cannot pretend to end in another extension.
 */
export const fileName = name(255, stripBidiControls).refine(
  (v) => new TextEncoder().encode(v).length <= 255,
  'must be at most 255 bytes in UTF-8',
);

export const folderSummary = z.object({ id, name: z.string(), updatedAt: z.string(), shared: z.boolean() });
export const folder = z.object({
  id,
  name: z.string(),
  parentId: id.nullable(),
  matterId: id,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const version = z.object({
  id,
  documentId: id,
  number: z.number().int(),
  size: z.number().int(),
  sha256: z.string(),
  contentType: z.string(),
  createdAt: z.string(),
});
export const documentSummary = z.object({
  id,
  name: z.string(),
  folderId: id,
  matterId: id,
  size: z.number().int(),
  contentType: z.string(),
  currentVersionId: id,
  versionCount: z.number().int(),
  updatedAt: z.string(),
  shared: z.boolean(),
  /** Sent as a fixed copy (an attachment) in some message. */
  sent: z.boolean(),
});
export const documentDetail = documentSummary.extend({ createdAt: z.string(), versions: z.array(version) });

export const filesListing = z.object({
  folder: z.object({ id, name: z.string(), parentId: id.nullable() }),
  /** From the root down to this folder (the breadcrumbs). */
  trail: z.array(z.object({ id, name: z.string() })),
  folders: z.array(folderSummary),
  documents: z.array(documentSummary),
});
export const filesQuery = z.strictObject({ folderId: id.optional() });

export const createFolderRequest = z.strictObject({ name: fileName, parentId: id.optional() });
export const updateFolderRequest = z
  .strictObject({ name: fileName.optional(), parentId: id.optional() })
  .refine((v) => v.name !== undefined || v.parentId !== undefined, 'nothing to change');

/** JSON form of POST /matters/:id/documents: a finished tus upload becomes a document. */
export const createDocumentRequest = z.strictObject({
  uploadId: id,
  folderId: id.optional(),
  name: fileName.optional(),
  /**
   * When the folder already holds a document of that name: `refuse` (the default) answers 409
   * `name_taken` and leaves the upload unused (it can become a new version instead); `keepBoth`
   * stores it as "name (2).ext", "name (3).ext"...
   */
  ifNameTaken: z.enum(['refuse', 'keepBoth']).optional(),
});
/**
 * `details` of a 409 `name_taken`: the names already used and, when documents of a folder hold
 * them (an upload, a rename or a move), those documents.
 */
export const nameTakenDetails = z.object({
  names: z.array(z.string()),
  documents: z.array(z.object({ id, name: z.string() })).optional(),
});
export const addVersionRequest = z.strictObject({ uploadId: id });
export const updateDocumentRequest = z
  .strictObject({ name: fileName.optional(), folderId: id.optional() })
  .refine((v) => v.name !== undefined || v.folderId !== undefined, 'nothing to change');
export const contentQuery = z.strictObject({ versionId: id.optional() });

/** `POST /matters/:id/documents` → 201: the documents made. */
export const createdDocuments = z.object({ items: z.array(documentSummary) });

export const documentMessage = z.object({
  messageId: id,
  conversationId: id,
  kind: z.enum(['attachment', 'share']),
  shareId: id.optional(),
  recipients: z.array(z.object({ partyId: id, name: z.string() })),
  at: z.string(),
  revokedAt: z.string().nullable().optional(),
});
export const documentMessages = z.object({ items: z.array(documentMessage), nextCursor: z.null() });
