import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PortalShareFiles } from '../ui/api-types';
import { formatBytes, formatTime } from '../ui/format';
import { FileIcon, FolderIcon } from '../ui/icons';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { ErrorNote, Spinner } from '../ui/widgets';
import { usePortalPage } from './branding';

const inline = (type: string) => type.startsWith('image/') || type === 'application/pdf';

/** A live folder browser over one share: always the current files and versions, until access is removed. */
export function SharedBrowser() {
  const { shareId = '' } = useParams();
  const [trail, setTrail] = useState<{ id: string | null; name: string }[]>([{ id: null, name: 'Shared' }]);
  const folderId = trail.at(-1)?.id ?? null;
  const { data, error, reload } = useApi('GET /portal/shares/:id/files', {
    params: { id: shareId },
    query: { folderId: folderId ?? undefined },
  });
  const [preview, setPreview] = useState<PortalShareFiles['documents'][number]>();
  usePortalPage(`Shared: ${data?.folder?.name ?? data?.documents[0]?.name ?? 'files'}`);
  usePortalRealtime((e) => {
    if (e.type === 'share.revoked' || e.type === 'share.updated' || e.type === 'message.created') reload();
  });
  // Live even without an event: refresh every few seconds while open.
  useEffect(() => {
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [reload]);

  const content = (documentId: string) => `/api/v1/portal/shares/${shareId}/documents/${documentId}/content`;
  if (error) {
    return (
      <main>
        <p>
          <Link to="/portal">← Back</Link>
        </p>
        <ErrorNote message="This share is no longer available to you." />
      </main>
    );
  }
  if (!data)
    return (
      <main>
        <Spinner />
      </main>
    );
  return (
    <main>
      <p>
        <Link to="/portal">← Back</Link>
      </p>
      <h1>
        {data.folder?.name ?? data.documents[0]?.name ?? 'Shared'} <span className="shared-icon">Shared</span>
      </h1>
      <nav className="crumbs" aria-label="Folder path">
        {trail.map((c, i) => (
          <button key={c.id ?? 'root'} type="button" onClick={() => setTrail((t) => t.slice(0, i + 1))}>
            {c.name}
          </button>
        ))}
      </nav>
      <ul className="list card" aria-label="Shared files">
        {data.folders.map((f) => (
          <li key={f.id} className="file-row">
            <FolderIcon />
            <button
              type="button"
              className="linkish name"
              onClick={() => setTrail((t) => [...t, { id: f.id, name: f.name }])}
            >
              {f.name}
            </button>
            <span className="muted">updated {formatTime(f.updatedAt)}</span>
          </li>
        ))}
        {data.documents.map((d) => (
          <li key={d.id} className="file-row shared-file">
            <FileIcon />
            <span className="name">{d.name}</span>
            <span className="muted">
              v{d.versionNumber} · {formatBytes(d.size)} · updated {formatTime(d.updatedAt)}
            </span>
            {inline(d.contentType) && (
              <button
                type="button"
                className="secondary"
                aria-label={`Preview ${d.name}`}
                onClick={() => setPreview(d)}
              >
                Preview
              </button>
            )}
            <a className="button" href={content(d.id)} download aria-label={`Download ${d.name}`}>
              Download
            </a>
          </li>
        ))}
      </ul>
      {preview && (
        <section className="card" aria-label={`Preview of ${preview.name}`}>
          {preview.contentType === 'application/pdf' ? (
            <iframe
              title={`Preview of ${preview.name}`}
              src={`${content(preview.id)}?v=${preview.versionNumber}`}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          ) : (
            <img
              alt={`Preview of ${preview.name}`}
              src={`${content(preview.id)}?v=${preview.versionNumber}`}
              style={{ maxWidth: '100%' }}
            />
          )}
        </section>
      )}
    </main>
  );
}
