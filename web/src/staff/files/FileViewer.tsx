import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import { contentTypeInWords } from '../../ui/content-type';
import { Dialog } from '../../ui/Dialog';
import { formatBytes, formatTime } from '../../ui/format';
import { uploadFile } from '../../ui/upload';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Spinner } from '../../ui/widgets';

export const isInlinePreview = (type: string) => type.startsWith('image/') || type === 'application/pdf';

/** The file viewer: preview (PDF and images inline), versions, and where the file was sent or shared. */
export function FileViewer(props: { documentId: string; onClose: () => void; onChanged: () => void }) {
  const params = { id: props.documentId };
  const { data: doc, error, reload } = useApi('GET /documents/:id', { params });
  const { data: usage, reload: reloadUsage } = useApi('GET /documents/:id/messages', { params });
  const [progress, setProgress] = useState<number>();
  const [uploadError, setUploadError] = useState<string>();

  async function newVersion(file: File) {
    setUploadError(undefined);
    try {
      const uploadId = await uploadFile(file, (p) => setProgress(p.total ? p.sent / p.total : 0));
      await api('POST /documents/:id/versions', { params, body: { uploadId } });
      reload();
      props.onChanged();
    } catch (err) {
      setUploadError(errorMessage(err));
    } finally {
      setProgress(undefined);
    }
  }

  async function removeAccess(shareId: string) {
    setUploadError(undefined);
    try {
      await api('DELETE /shares/:id', { params: { id: shareId } });
      // Its "Shared" mark too: the document may no longer be shared with anyone.
      reload();
      reloadUsage();
      props.onChanged();
    } catch (err) {
      setUploadError(errorMessage(err));
    }
  }

  const content = `/api/v1/documents/${props.documentId}/content`;
  return (
    <Dialog title={doc ? doc.name : 'Document'} open onClose={props.onClose} wide>
      <ErrorNote message={error} />
      {!doc ? (
        <Spinner />
      ) : (
        <>
          <p className="muted">
            {formatBytes(doc.size)} · {contentTypeInWords(doc.contentType)} · version {doc.versions.length} ·
            last changed {formatTime(doc.updatedAt)}
            {doc.shared && <span className="shared-icon"> · Shared</span>}
          </p>
          {isInlinePreview(doc.contentType) ? (
            doc.contentType === 'application/pdf' ? (
              <iframe
                title={`Preview of ${doc.name}`}
                src={`${content}?versionId=${doc.currentVersionId}`}
                style={{ width: '100%', height: '60vh', border: 0 }}
              />
            ) : (
              <img
                alt={`Preview of ${doc.name}`}
                src={`${content}?versionId=${doc.currentVersionId}`}
                style={{ maxWidth: '100%', maxHeight: '60vh' }}
              />
            )
          ) : (
            <p>No preview for this type of file.</p>
          )}
          <div className="toolbar">
            <a className="button" href={content} download>
              Download
            </a>
            <label className="button secondary" style={{ background: '#fff', color: 'var(--brand)' }}>
              Upload new version
              <input
                type="file"
                className="visually-hidden"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void newVersion(f);
                }}
              />
            </label>
            {progress !== undefined && <progress value={progress} max={1} aria-label="New version upload" />}
          </div>
          <ErrorNote message={uploadError} />
          <h3>Versions</h3>
          <ul className="list">
            {[...doc.versions].reverse().map((v) => (
              <li key={v.id}>
                <a href={`${content}?versionId=${v.id}`}>Version {v.number}</a> · {formatBytes(v.size)} ·{' '}
                {formatTime(v.createdAt)}
              </li>
            ))}
          </ul>
          <h3>Messages</h3>
          {usage && usage.items.length === 0 && <p className="muted">Not sent or shared yet.</p>}
          <ul className="list">
            {usage?.items.map((u) => (
              <li key={`${u.messageId}-${u.kind}`}>
                <span className="tag">{u.kind === 'share' ? 'Shared' : 'Attached'}</span>
                <Link to={`/conversations/${u.conversationId}`}>
                  to {u.recipients.map((r) => r.name).join(', ') || 'conversation'}
                </Link>
                <span className="muted">{formatTime(u.at)}</span>
                {u.revokedAt ? (
                  <span className="tag">Access removed</span>
                ) : (
                  u.shareId && (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Remove Access for ${u.recipients.map((r) => r.name).join(', ') || 'the recipients'}`}
                      onClick={() => void removeAccess(u.shareId!)}
                    >
                      Remove Access
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
