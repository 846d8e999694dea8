import {
  idParams,
  matterSharesQuery,
  matterSharesResponse,
  pageQuery,
  portalDocumentsResponse,
  portalShareFiles,
  portalShareFilesQuery,
  portalSharesResponse,
  revokeShareResponse,
  sendFilesRequest,
  sendFilesResponse,
  shareDocumentParams,
  shareFilesRequest,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { downloadAttachment } from './download-attachment';
import { downloadSharedDocument } from './download-shared-document';
import { listPortalShares } from './list-portal-shares';
import { listSharedFiles } from './list-shared-files';
import { listMatterShares } from './list-shares';
import { listPortalDocuments } from './portal-documents';
import { previewRevoke, revokeShare } from './revoke-share';
import { sendFiles, shareFiles } from './send-files';

const tag = 'sharing';

export const sharingRoutes = [
  route({
    method: 'POST',
    url: '/matters/:id/send',
    summary:
      'All Files → Send: fixed copies to these parties, in their external conversation (reused or new)',
    tag,
    auth: 'staff',
    params: idParams,
    body: sendFilesRequest,
    status: 201,
    response: sendFilesResponse,
    errors: [404, 422],
    handler: ({ deps, actor, params, body, meta }) => sendFiles(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'POST',
    url: '/matters/:id/share',
    summary: 'All Files → Share: live shares of documents and folders to these parties',
    tag,
    auth: 'staff',
    params: idParams,
    body: shareFilesRequest,
    status: 201,
    response: sendFilesResponse,
    errors: [404, 422],
    handler: ({ deps, actor, params, body, meta }) => shareFiles(deps, actor, params.id, body, meta),
  }),
  route({
    method: 'GET',
    url: '/matters/:id/shares',
    summary: "Where a matter's files went: its shares (revoked ones too), optionally those reaching one file",
    tag,
    auth: 'staff',
    params: idParams,
    query: matterSharesQuery,
    response: matterSharesResponse,
    errors: [404],
    handler: ({ deps, actor, params, query }) => listMatterShares(deps, actor, params.id, query),
  }),
  route({
    method: 'GET',
    url: '/shares/:id',
    summary: 'One share and who would lose access if it were removed',
    tag,
    auth: 'staff',
    params: idParams,
    response: revokeShareResponse,
    errors: [404],
    handler: ({ deps, actor, params }) => previewRevoke(deps, actor, params.id),
  }),
  route({
    method: 'DELETE',
    url: '/shares/:id',
    summary: 'Remove Access: refused on every node once this returns; repeating is harmless',
    tag,
    auth: 'staff',
    params: idParams,
    response: revokeShareResponse,
    errors: [404],
    handler: ({ deps, actor, params, meta }) => revokeShare(deps, actor, params.id, meta),
  }),
  route({
    method: 'GET',
    url: '/portal/shares',
    summary: 'Active shares to the signed-in portal user, across firms (MFA-locked ones after step-up)',
    tag: 'portal',
    auth: 'portal',
    response: portalSharesResponse,
    handler: ({ deps, actor }) => listPortalShares(deps, actor),
  }),
  route({
    method: 'GET',
    url: '/portal/documents',
    summary:
      "Every file the portal user can open across matters, newest first: shared documents one by one (a folder's too) and attachments (MFA-locked ones after step-up)",
    tag: 'portal',
    auth: 'portal',
    query: pageQuery,
    response: portalDocumentsResponse,
    handler: ({ deps, actor, query }) => listPortalDocuments(deps, actor, query),
  }),
  route({
    method: 'GET',
    url: '/portal/shares/:id/files',
    summary:
      'The live listing inside a shared folder (folderId within the shared subtree), or the shared document',
    tag: 'portal',
    auth: 'portal',
    params: idParams,
    query: portalShareFilesQuery,
    response: portalShareFiles,
    errors: [403, 404],
    handler: ({ deps, actor, params, query, meta }) =>
      listSharedFiles(deps, actor, params.id, query.folderId, meta),
  }),
  route({
    method: 'GET',
    url: '/portal/shares/:id/documents/:documentId/content',
    summary: "The current version's bytes while the share covers the document",
    tag: 'portal',
    auth: 'portal',
    params: shareDocumentParams,
    errors: [304, 403, 404, 416],
    handler: ({ deps, actor, params, meta, request, reply }) =>
      downloadSharedDocument(deps, actor, params.id, params.documentId, meta, request, reply),
  }),
  route({
    method: 'GET',
    url: '/portal/attachments/:id/content',
    summary: "A fixed copy's bytes (its pinned version)",
    tag: 'portal',
    auth: 'portal',
    params: idParams,
    errors: [304, 403, 404, 416],
    handler: ({ deps, actor, params, meta, request, reply }) =>
      downloadAttachment(deps, actor, params.id, meta, request, reply),
  }),
];
