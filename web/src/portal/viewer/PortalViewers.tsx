import { useCallback } from 'react';
import { useLocation, useParams } from 'react-router';
import { apiUrl } from '../../ui/api';
import type { PortalMessage } from '../../ui/api-types';
import { FileViewer } from './FileViewer';
import {
  findPortalDocument,
  useViewerBack,
  useViewerFile,
  type ViewerFile,
  type ViewerLinkState,
} from './viewer-file';

/** The viewer's address of a file sent in a message (route `conversations/:id/files/:attachmentId`). */
export const attachmentViewPath = (conversationId: string, attachmentId: string) =>
  `/portal/conversations/${conversationId}/files/${attachmentId}`;
/** The viewer's address of a shared document (route `shared/:shareId/files/:documentId`). */
export const sharedViewPath = (shareId: string, documentId: string) =>
  `/portal/shared/${shareId}/files/${documentId}`;

/** The link state that lets the viewer show a file's name, type and size at once. */
export const viewerState = (f: ViewerFile): ViewerLinkState => ({
  file: { name: f.name, size: f.size, contentType: f.contentType },
});

const fileOfState = (state: unknown) => (state as ViewerLinkState | null)?.file;

/**
 * A message's attachment in the viewer, over its conversation. Its name, type and size come from
 * the link, the loaded thread, or `GET /portal/documents`; a protected message's file asks for the
 * step-up first (its content answers `mfa_required`).
 */
export function AttachmentViewer({
  conversationId,
  messages,
  onUnlocked,
}: {
  conversationId: string;
  messages: PortalMessage[] | undefined;
  onUnlocked: () => void;
}) {
  const { attachmentId = '' } = useParams();
  const location = useLocation();
  const known =
    fileOfState(location.state) ??
    messages?.flatMap((m) => m.attachments ?? []).find((a) => a.id === attachmentId);
  const lookup = useCallback(
    () => findPortalDocument((d) => d.attachmentId === attachmentId),
    [attachmentId],
  );
  const contentUrl = apiUrl('GET /portal/attachments/:id/content', { params: { id: attachmentId } });
  const { state, retry } = useViewerFile(known, lookup, contentUrl);
  const back = useViewerBack(`/portal/conversations/${conversationId}`);
  return (
    <FileViewer state={state} contentUrl={contentUrl} onBack={back} onRetry={retry} onUnlocked={onUnlocked} />
  );
}

/** A shared document in the viewer, over the shared folder: always its current version. */
export function SharedFileViewer({
  shareId,
  listed,
}: {
  shareId: string;
  listed: (ViewerFile & { id: string })[];
}) {
  const { documentId = '' } = useParams();
  const location = useLocation();
  const known = listed.find((d) => d.id === documentId) ?? fileOfState(location.state);
  const lookup = useCallback(
    () => findPortalDocument((d) => d.shareId === shareId && d.id === documentId),
    [shareId, documentId],
  );
  const contentUrl = apiUrl('GET /portal/shares/:id/documents/:documentId/content', {
    params: { id: shareId, documentId },
  });
  const { state, retry } = useViewerFile(known, lookup, contentUrl);
  const back = useViewerBack(`/portal/shared/${shareId}`);
  return <FileViewer state={state} contentUrl={contentUrl} onBack={back} onRetry={retry} />;
}
