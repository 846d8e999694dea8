import { useEffect, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import { apiUrl } from '../ui/api';
import { formatBytes, formatTime } from '../ui/format';
import { FileIcon, FolderIcon } from '../ui/icons';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { ErrorNote, Spinner } from '../ui/widgets';
import { usePortalPage } from './branding';
import { SharedFileViewer, sharedViewPath, viewerState } from './viewer/PortalViewers';

/**
 * A live folder browser over one share: always the current files and versions, until access is
 * removed. A file opens in the viewer over it (`files/:documentId`); Download keeps its name.
 */
export function SharedBrowser() {
  const { shareId = '' } = useParams();
  const [trail, setTrail] = useState<{ id: string | null; name: string }[]>([{ id: null, name: 'Shared' }]);
  const folderId = trail.at(-1)?.id ?? null;
  const { data, error, reload } = useApi('GET /portal/shares/:id/files', {
    params: { id: shareId },
    query: { folderId: folderId ?? undefined },
  });
  usePortalPage(`Shared: ${data?.folder?.name ?? data?.documents[0]?.name ?? 'files'}`);
  usePortalRealtime((e) => {
    if (e.type === 'share.revoked' || e.type === 'share.updated' || e.type === 'message.created') reload();
  });
  // Live even without an event: refresh every few seconds while open.
  useEffect(() => {
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [reload]);

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
            <Link
              className="linkish name"
              to={sharedViewPath(shareId, d.id)}
              state={viewerState(d)}
              aria-label={`Open ${d.name}`}
            >
              {d.name}
            </Link>
            <span className="muted">
              v{d.versionNumber} · {formatBytes(d.size)} · updated {formatTime(d.updatedAt)}
            </span>
            <a
              className="button secondary"
              href={apiUrl('GET /portal/shares/:id/documents/:documentId/content', {
                params: { id: shareId, documentId: d.id },
              })}
              download={d.name}
              aria-label={`Download ${d.name}`}
            >
              Download
            </a>
          </li>
        ))}
      </ul>
      <Routes>
        <Route
          path="files/:documentId"
          element={<SharedFileViewer shareId={shareId} listed={data.documents} />}
        />
      </Routes>
    </main>
  );
}
