import { type DragEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import { formatBytes, formatTime } from '../../ui/format';
import { FileIcon, FolderIcon } from '../../ui/icons';
import { uploadFile } from '../../ui/upload';
import { useApi } from '../../ui/use-api';
import { Empty, ErrorNote, Spinner } from '../../ui/widgets';
import { FileViewer } from './FileViewer';
import { ItemMenu } from './ItemMenu';
import { PropertiesDialog } from './PropertiesDialog';
import { SendShareDialog } from './SendShareDialog';
import type { Target } from './target';

interface UploadState {
  key: string;
  name: string;
  sent: number;
  total: number;
  error?: string;
  done?: boolean;
}

/**
 * A matter's All Files: folder tree, uploads with progress (button or drag and drop), item menus.
 * The folder (`folderId`, from the address) and the open document (`?doc=`) are in the URL.
 */
export function FilesTab({ matterId, folderId }: { matterId: string; folderId: string | null }) {
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const viewing = search.get('doc');
  const { data, error, reload } = useApi('GET /matters/:id/files', {
    params: { id: matterId },
    query: { folderId: folderId ?? undefined },
  });
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [over, setOver] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [dialog, setDialog] = useState<
    { type: 'send' | 'share'; target: Target } | { type: 'properties'; target: Target } | null
  >(null);

  const patch = (key: string, change: Partial<UploadState>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  async function upload(files: FileList | File[]) {
    // The folder the user is in now (its listing may still be loading): none means the matter's root.
    const target = folderId ?? undefined;
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Date.now()}-${Math.random()}`;
      setUploads((list) => [...list, { key, name: file.name, sent: 0, total: file.size }]);
      void (async () => {
        try {
          const uploadId = await uploadFile(file, (p) => patch(key, { sent: p.sent, total: p.total }));
          await api('POST /matters/:id/documents', {
            params: { id: matterId },
            body: { uploadId, folderId: target, name: file.name },
          });
          patch(key, { done: true, sent: file.size });
          reload();
        } catch (err) {
          patch(key, { error: errorMessage(err) });
        }
      })();
    }
  }

  async function newFolder() {
    const name = window.prompt('Folder name');
    if (!name?.trim()) return;
    setActionError(undefined);
    try {
      await api('POST /matters/:id/folders', {
        params: { id: matterId },
        body: { name: name.trim(), parentId: data?.folder.id },
      });
      reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function remove(target: Target) {
    if (
      !window.confirm(
        `Delete “${target.item.name}”${target.kind === 'folder' ? ' and everything in it' : ''}?`,
      )
    )
      return;
    try {
      const params = { id: target.item.id };
      await (target.kind === 'folder'
        ? api('DELETE /folders/:id', { params })
        : api('DELETE /documents/:id', { params }));
      reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function rename(target: Target) {
    const name = window.prompt('New name', target.item.name);
    if (!name?.trim() || name === target.item.name) return;
    try {
      const change = { params: { id: target.item.id }, body: { name: name.trim() } };
      await (target.kind === 'folder'
        ? api('PATCH /folders/:id', change)
        : api('PATCH /documents/:id', change));
      reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  const open = (id: string) => navigate(`/matters/${matterId}/files/${id}`);
  const location = useLocation();
  const view = (documentId: string) => setSearch({ doc: documentId }, { state: { opened: true } });
  // Closing what this page opened is Back (so Back after closing does not open it again); a viewer
  // that came with the address (a reload, a pasted link) closes to the folder itself.
  const closeViewer = () =>
    (location.state as { opened?: boolean } | null)?.opened ? navigate(-1) : setSearch({}, { replace: true });
  // The trail names the root first (shown as All Files); its link is the tab's own address.
  const trail = (data?.trail ?? []).map((c, i) => ({
    id: i === 0 ? null : c.id,
    name: i === 0 ? 'All Files' : c.name,
  }));

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    if (e.dataTransfer.files.length > 0) void upload(e.dataTransfer.files);
  }

  return (
    <section
      aria-label="All Files"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <nav className="crumbs" aria-label="Folder path">
        {trail.map((c, i) => (
          <span key={c.id ?? 'root'}>
            {i > 0 && ' / '}
            <Link
              to={`/matters/${matterId}/files${c.id ? `/${c.id}` : ''}`}
              aria-current={i === trail.length - 1 ? 'location' : undefined}
            >
              {c.name}
            </Link>
          </span>
        ))}
      </nav>
      <div className="toolbar">
        <label className="button">
          Upload files
          <input
            type="file"
            multiple
            className="visually-hidden"
            onChange={(e) => e.target.files && void upload(e.target.files)}
          />
        </label>
        <button type="button" className="secondary" onClick={() => void newFolder()}>
          New folder
        </button>
      </div>
      <div className={over ? 'dropzone over' : 'dropzone'}>
        Drop files here to upload them into this folder
      </div>
      {uploads.length > 0 && (
        <ul className="list" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <span className="name">{u.name}</span>
              <progress value={u.total ? u.sent / u.total : 0} max={1} aria-label={`Uploading ${u.name}`} />
              <span className="muted">
                {u.error ? <span className="error">{u.error}</span> : u.done ? 'Done' : formatBytes(u.sent)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote message={error ?? actionError} />
      {!data ? (
        <Spinner />
      ) : (
        <ul className="list" aria-label="Files and folders">
          {data.folders.length === 0 && data.documents.length === 0 && <Empty>This folder is empty.</Empty>}
          {data.folders.map((f) => {
            const target: Target = { kind: 'folder', item: f };
            return (
              <li key={f.id} className="file-row">
                <FolderIcon />
                <Link className="name" to={`/matters/${matterId}/files/${f.id}`}>
                  {f.name}
                </Link>
                {f.shared && (
                  <span className="shared-icon" title="Shared">
                    Shared
                  </span>
                )}
                <span className="muted">{formatTime(f.updatedAt)}</span>
                <ItemMenu
                  label={f.name}
                  items={[
                    ['Open', () => open(f.id)],
                    ['Share → Client Portal', () => setDialog({ type: 'share', target })],
                    ['Properties', () => setDialog({ type: 'properties', target })],
                    ['Rename', () => void rename(target)],
                    ['Delete', () => void remove(target)],
                  ]}
                />
              </li>
            );
          })}
          {data.documents.map((d) => {
            const target: Target = { kind: 'document', item: d };
            return (
              <li key={d.id} className="file-row">
                <FileIcon />
                <Link className="name" to={{ search: `?doc=${d.id}` }} state={{ opened: true }}>
                  {d.name}
                </Link>
                {d.shared && (
                  <span className="shared-icon" title="Shared">
                    Shared
                  </span>
                )}
                <span className="muted">
                  {formatBytes(d.size)} · v{d.versionCount} · {formatTime(d.updatedAt)}
                </span>
                <ItemMenu
                  label={d.name}
                  items={[
                    ['Open', () => view(d.id)],
                    ['Send → Client Portal', () => setDialog({ type: 'send', target })],
                    ['Share → Client Portal', () => setDialog({ type: 'share', target })],
                    ['Properties', () => setDialog({ type: 'properties', target })],
                    ['Rename', () => void rename(target)],
                    ['Delete', () => void remove(target)],
                  ]}
                />
              </li>
            );
          })}
        </ul>
      )}
      {dialog?.type === 'send' || dialog?.type === 'share' ? (
        <SendShareDialog
          matterId={matterId}
          mode={dialog.type}
          targets={[dialog.target]}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      ) : null}
      {dialog?.type === 'properties' && (
        <PropertiesDialog
          matterId={matterId}
          target={dialog.target}
          onClose={() => setDialog(null)}
          onChanged={reload}
        />
      )}
      {viewing && <FileViewer documentId={viewing} onClose={closeViewer} onChanged={reload} />}
    </section>
  );
}
