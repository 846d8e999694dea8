import {
  addVersionRequest,
  contentQuery,
  createDocumentRequest,
  createdDocuments,
  createFolderRequest,
  documentDetail,
  documentMessages,
  documentSummary,
  filesListing,
  filesQuery,
  folder,
  idParams,
  updateDocumentRequest,
  updateFolderRequest,
  version,
} from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formParts } from '../../platform/http/form-parts';
import { parseInput, route } from '../../platform/http/route';
import { addVersionFromParts, addVersionFromUpload } from './add-version';
import { createFolder } from './create-folder';
import { deleteDocument } from './delete-document';
import { deleteFolder } from './delete-folder';
import { downloadDocument } from './download-document';
import { getDocument } from './get-document';
import { listDocumentMessages } from './list-document-messages';
import { listFiles } from './list-files';
import { updateDocument } from './update-document';
import { updateFolder } from './update-folder';
import { uploadDocumentFromUpload, uploadDocumentsFromParts } from './upload-document';
import { checkMultipartLength } from './uploads/multipart';

/** The JSON form of a route that also takes multipart/form-data (parsed here, not by route()). */
function jsonBody<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  return parseInput(schema, request.body, 'body') as z.output<T>;
}

export const fileRoutes = [
  route({
    method: 'GET',
    url: '/matters/:id/files',
    summary: "One folder of the matter's All Files (the root when folderId is absent)",
    tag: 'files',
    auth: 'staff',
    params: idParams,
    query: filesQuery,
    response: filesListing,
    errors: [404],
    handler: ({ deps, actor, params, query }) => listFiles(deps, actor, params.id, query.folderId),
  }),
  route({
    method: 'POST',
    url: '/matters/:id/folders',
    summary: 'Create a folder (409 name_taken when the parent already has that name)',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    body: createFolderRequest,
    status: 201,
    response: folder,
    errors: [404, 409],
    handler: ({ deps, actor, params, body, meta }) => createFolder(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'PATCH',
    url: '/folders/:id',
    summary: 'Rename and/or move a folder with its subtree (409 invalid_move into its own subtree)',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    body: updateFolderRequest,
    response: folder,
    errors: [404, 409],
    handler: ({ deps, actor, params, body, meta }) => updateFolder(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'DELETE',
    url: '/folders/:id',
    summary: 'Delete a folder with everything in it',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, meta }) => deleteFolder(deps, actor, params.id, meta),
  }),
  route({
    method: 'POST',
    url: '/matters/:id/documents',
    summary:
      'Upload documents: multipart/form-data (field folderId, then file parts) or JSON {uploadId, folderId?, name?}',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    status: 201,
    response: createdDocuments,
    errors: [404, 409, 413],
    handler: ({ deps, actor, params, meta, request }) => {
      if (!request.isMultipart()) {
        return uploadDocumentFromUpload(
          deps,
          actor,
          params.id,
          jsonBody(createDocumentRequest, request),
          meta,
        );
      }
      checkMultipartLength(deps, request);
      return uploadDocumentsFromParts(deps, actor, params.id, formParts(request), meta);
    },
  }),
  route({
    method: 'POST',
    url: '/documents/:id/versions',
    summary: 'Add a version: multipart (one file) or JSON {uploadId}',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    status: 201,
    response: version,
    errors: [404, 409, 413],
    handler: ({ deps, actor, params, meta, request }) => {
      if (!request.isMultipart()) {
        const body = jsonBody(addVersionRequest, request);
        return addVersionFromUpload(deps, actor, params.id, body.uploadId, meta);
      }
      checkMultipartLength(deps, request);
      return addVersionFromParts(deps, actor, params.id, formParts(request), meta);
    },
  }),
  route({
    method: 'GET',
    url: '/documents/:id',
    summary: 'A document with all its versions',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    response: documentDetail,
    errors: [404],
    handler: ({ deps, actor, params }) => getDocument(deps, actor, params.id),
  }),
  route({
    method: 'PATCH',
    url: '/documents/:id',
    summary: 'Rename a document or move it to another folder (409 folder_full, name_taken)',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    body: updateDocumentRequest,
    response: documentSummary,
    errors: [404, 409],
    handler: ({ deps, actor, params, body, meta }) => updateDocument(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'DELETE',
    url: '/documents/:id',
    summary: 'Delete a document',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    status: 204,
    errors: [404],
    handler: ({ deps, actor, params, meta }) => deleteDocument(deps, actor, params.id, meta),
  }),
  route({
    method: 'GET',
    url: '/documents/:id/content',
    summary: 'The bytes of the current (or given) version: Range, ETag, RFC 6266 Content-Disposition',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    query: contentQuery,
    errors: [304, 404, 416],
    handler: ({ deps, actor, params, query, request, reply }) =>
      downloadDocument(deps, actor, params.id, query.versionId, request, reply),
  }),
  route({
    method: 'GET',
    url: '/documents/:id/messages',
    summary: 'Where this document (or a folder above it) was sent or shared',
    tag: 'files',
    auth: 'staff',
    params: idParams,
    response: documentMessages,
    errors: [404],
    handler: ({ deps, actor, params }) => listDocumentMessages(deps, actor, params.id),
  }),
];
