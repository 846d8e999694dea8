import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import { uploadFile } from '../../ui/upload';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Spinner } from '../../ui/widgets';
import { DeleteDialog, MoveDialog, moveInto, NameDialog, RemoveAccessDialog } from './FileDialogs';
import { FileRows, SelectionBar, type Sort, visibleTargets } from './FileRows';
import { FileViewer } from './FileViewer';
import { useMatterUpload } from './matter-upload';
import { PropertiesDialog } from './PropertiesDialog';
import { SendShareDialog } from './SendShareDialog';
import type { Target } from './target';
import { useUploadTray } from './Uploads';

type DialogState =
  | { type: 'send' | 'share' | 'move' | 'delete'; targets: Target[] }
  | { type: 'properties' | 'rename' | 'removeAccess'; target: Target }
  | { type: 'newFolder' }
  | null;

/**
 * A matter's All Files, as a file manager: the folder (`folderId`, from the address) and the open
 * document (`?doc=`) are in the URL; one menu per item (⋯, right-click, context-menu key); several
 * items selected at once for Send, Share, Move and Delete; sort and filter; uploads by button or drop.
 */
export function FilesTab({ matterId, folderId }: { matterId: string; folderId: string | null }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const viewing = search.get('doc');
  const { data, error, reload } = useApi('GET /matters/:id/files', {
    params: { id: matterId },
    query: { folderId: folderId ?? undefined },
  });
  const tray = useUploadTray();
  const [over, setOver] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [dialog, setDialog] = useState<DialogState>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>('name');
  const versionInput = useRef<HTMLInputElement>(null);
  const [versionFor, setVersionFor] = useState<Target>();
  const filterId = useId();
  const sortId = useId();

  // A new folder starts with nothing selected and no filter.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the folder changes
  useEffect(() => {
    setSelected(new Set());
    setFilter('');
  }, [folderId]);

  const uploadIntoMatter = useMatterUpload();
  // Into the folder the user is in now (its listing may still be loading): none means the matter's root.
  const upload = (files: FileList | File[]) =>
    uploadIntoMatter(files, { matterId, folderId: folderId ?? undefined, askOnNameTaken: true }, reload);

  function newVersion(target: Target, file: File) {
    tray.track(
      `${target.item.name} (new version)`,
      file.size,
      async (onProgress, signal) => {
        const uploadId = await uploadFile(file, (p) => onProgress(p.sent, p.total), signal);
        await api('POST /documents/:id/versions', { params: { id: target.item.id }, body: { uploadId } });
      },
      reload,
    );
  }

  const rename = (target: Target, name: string) => {
    const change = { params: { id: target.item.id }, body: { name } };
    return target.kind === 'folder' ? api('PATCH /folders/:id', change) : api('PATCH /documents/:id', change);
  };

  const view = (documentId: string) => setSearch({ doc: documentId }, { state: { opened: true } });
  // Closing what this page opened is Back (so Back after closing does not open it again); a viewer
  // that came with the address (a reload, a pasted link) closes to the folder itself.
  const closeViewer = () =>
    (location.state as { opened?: boolean } | null)?.opened ? navigate(-1) : setSearch({}, { replace: true });
  const afterChange = () => {
    setSelected(new Set());
    reload();
  };

  function menuItems(t: Target): [string, () => void][] {
    const doc = t.kind === 'document';
    return [
      ['Open', () => (doc ? view(t.item.id) : navigate(`/matters/${matterId}/files/${t.item.id}`))],
      ...(doc
        ? [['Send → Client Portal', () => setDialog({ type: 'send', targets: [t] })] as [string, () => void]]
        : []),
      ['Share → Client Portal', () => setDialog({ type: 'share', targets: [t] })],
      ...(t.item.shared
        ? [['Remove Access', () => setDialog({ type: 'removeAccess', target: t })] as [string, () => void]]
        : []),
      ['Rename', () => setDialog({ type: 'rename', target: t })],
      ['Move', () => setDialog({ type: 'move', targets: [t] })],
      ...(doc
        ? [
            [
              'New version',
              () => {
                setVersionFor(t);
                versionInput.current?.click();
              },
            ] as [string, () => void],
          ]
        : []),
      ['Properties', () => setDialog({ type: 'properties', target: t })],
      ['Delete', () => setDialog({ type: 'delete', targets: [t] })],
    ];
  }

  async function dropInto(target: string, ids: string[]) {
    if (!data) return;
    const all = visibleTargets(data, '', 'name');
    setActionError(undefined);
    try {
      await moveInto(
        all.filter((t) => ids.includes(t.item.id)),
        target,
      );
    } catch (err) {
      setActionError(errorMessage(err));
    }
    afterChange();
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    if (e.dataTransfer.files.length > 0) upload(e.dataTransfer.files);
  }

  const targets = data ? visibleTargets(data, filter, sort) : [];
  const chosen = targets.filter((t) => selected.has(t.item.id));
  // The trail names the root first (shown as All Files); its link is the tab's own address.
  const trail = (data?.trail ?? []).map((c, i) => ({
    id: i === 0 ? null : c.id,
    name: i === 0 ? 'All Files' : c.name,
  }));

  return (
    <section
      aria-label="All Files"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
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
            onChange={(e) => {
              if (e.target.files) upload(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="secondary" onClick={() => setDialog({ type: 'newFolder' })}>
          New folder
        </button>
        <span className="spacer" />
        <label htmlFor={filterId} className="visually-hidden">
          Filter by name
        </label>
        <input
          id={filterId}
          type="search"
          className="filter"
          placeholder="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label htmlFor={sortId}>Sort by</label>
        <select id={sortId} className="sort" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
          <option value="name">Name</option>
          <option value="date">Last changed</option>
          <option value="size">Size</option>
        </select>
      </div>
      <input
        ref={versionInput}
        type="file"
        hidden
        aria-label="New version file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file && versionFor) newVersion(versionFor, file);
          e.target.value = '';
        }}
      />
      <SelectionBar
        chosen={chosen}
        onAction={(type) => setDialog({ type, targets: chosen })}
        onClear={() => setSelected(new Set())}
      />
      <div className={over ? 'dropzone over' : 'dropzone'}>
        Drop files here to upload them into this folder
      </div>
      <ErrorNote message={error ?? actionError} />
      {!data ? (
        <Spinner />
      ) : (
        <FileRows
          matterId={matterId}
          targets={targets}
          emptyText={
            filter.trim() ? `Nothing here is named like “${filter.trim()}”.` : 'This folder is empty.'
          }
          selected={selected}
          onSelect={setSelected}
          menuItems={menuItems}
          onDropInto={(target, ids) => void dropInto(target, ids)}
        />
      )}
      {(dialog?.type === 'send' || dialog?.type === 'share') && (
        <SendShareDialog
          matterId={matterId}
          mode={dialog.type}
          targets={dialog.targets}
          folderId={data?.folder.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            afterChange();
          }}
        />
      )}
      {dialog?.type === 'move' && (
        <MoveDialog
          matterId={matterId}
          targets={dialog.targets}
          onClose={() => setDialog(null)}
          onDone={afterChange}
        />
      )}
      {dialog?.type === 'delete' && (
        <DeleteDialog targets={dialog.targets} onClose={() => setDialog(null)} onDone={afterChange} />
      )}
      {dialog?.type === 'removeAccess' && (
        <RemoveAccessDialog
          matterId={matterId}
          target={dialog.target}
          onClose={() => setDialog(null)}
          onDone={reload}
        />
      )}
      {dialog?.type === 'rename' && (
        <NameDialog
          title={`Rename “${dialog.target.item.name}”`}
          label="New name"
          initial={dialog.target.item.name}
          submit="Rename"
          onSave={async (name) => {
            if (name !== dialog.target.item.name) await rename(dialog.target, name);
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.type === 'newFolder' && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submit="Create folder"
          onSave={async (name) => {
            await api('POST /matters/:id/folders', {
              params: { id: matterId },
              body: { name, parentId: data?.folder.id },
            });
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
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
