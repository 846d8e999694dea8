import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import { apiUrl } from '../ui/api';
import { FileIcon, FolderIcon } from '../ui/icons';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { ErrorNote, Spinner } from '../ui/widgets';
import { usePortalPage } from './branding';
import { usePortalFormat } from './i18n/PortalI18n';
import { SharedFileViewer, sharedViewPath, viewerState } from './viewer/PortalViewers';

/**
 * A live folder browser over one share: always the current files and versions, until access is
 * removed. A file opens in the viewer over it (`files/:documentId`); Download keeps its name.
 */
export function SharedBrowser() {
  const { shareId = '' } = useParams();
  const { t } = useTranslation();
  const format = usePortalFormat();
  // The root's name (null) is said in the page's language when shown.
  const [trail, setTrail] = useState<{ id: string | null; name: string | null }[]>([
    { id: null, name: null },
  ]);
  const folderId = trail.at(-1)?.id ?? null;
  const { data, error, reload } = useApi('GET /portal/shares/:id/files', {
    params: { id: shareId },
    query: { folderId: folderId ?? undefined },
  });
  usePortalPage(
    t('shared.pageTitle', { name: data?.folder?.name ?? data?.documents[0]?.name ?? t('shared.files') }),
  );
  usePortalRealtime((e) => {
    if (e.type === 'share.revoked' || e.type === 'share.updated' || e.type === 'message.created') reload();
  });
  // Live even without an event: refresh every few seconds while open.
  useEffect(() => {
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);

  if (error) {
    return (
      <main>
        <p>
          <Link to="/portal">{t('common.back')}</Link>
        </p>
        <ErrorNote message={t('shared.unavailable')} />
      </main>
    );
  }
  if (!data)
    return (
      <main>
        <Spinner label={t('common.loading')} />
      </main>
    );
  return (
    <main>
      <p>
        <Link to="/portal">{t('common.back')}</Link>
      </p>
      <h1>
        {data.folder?.name ?? data.documents[0]?.name ?? t('shared.root')}{' '}
        <span className="shared-icon">{t('message.shared')}</span>
      </h1>
      <nav className="crumbs" aria-label={t('shared.path')}>
        {trail.map((c, i) => (
          <button key={c.id ?? 'root'} type="button" onClick={() => setTrail((list) => list.slice(0, i + 1))}>
            {c.name ?? t('shared.root')}
          </button>
        ))}
      </nav>
      <ul className="list card" aria-label={t('shared.list')}>
        {data.folders.map((f) => (
          <li key={f.id} className="file-row">
            <FolderIcon />
            <button
              type="button"
              className="linkish name"
              onClick={() => setTrail((list) => [...list, { id: f.id, name: f.name }])}
            >
              {f.name}
            </button>
            <span className="muted">{t('shared.updated', { time: format.time(f.updatedAt) })}</span>
          </li>
        ))}
        {data.documents.map((d) => (
          <li key={d.id} className="file-row shared-file">
            <FileIcon />
            <Link
              className="linkish name"
              to={sharedViewPath(shareId, d.id)}
              state={viewerState(d)}
              aria-label={t('shared.openOf', { name: d.name })}
            >
              {d.name}
            </Link>
            <span className="muted">
              {t('shared.version', {
                n: d.versionNumber,
                size: format.bytes(d.size),
                time: format.time(d.updatedAt),
              })}
            </span>
            <a
              className="button secondary"
              href={apiUrl('GET /portal/shares/:id/documents/:documentId/content', {
                params: { id: shareId, documentId: d.id },
              })}
              download={d.name}
              aria-label={t('shared.downloadOf', { name: d.name })}
            >
              {t('shared.download')}
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
