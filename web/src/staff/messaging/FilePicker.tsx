import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { FileIcon, FolderIcon } from '../../ui/icons';
import { useApi } from '../../ui/use-api';
import { Spinner } from '../../ui/widgets';

export interface Picked {
  kind: 'document' | 'folder';
  id: string;
  name: string;
}

/** Choose documents (Attach) or documents and folders (Share) from a matter's All Files. */
export function FilePicker(props: {
  matterId: string;
  mode: 'attach' | 'share';
  onPick: (items: Picked[]) => void;
  onClose: () => void;
}) {
  const [folderId, setFolderId] = useState<string | null>(null);
  const [trail, setTrail] = useState<{ id: string | null; name: string }[]>([
    { id: null, name: 'All Files' },
  ]);
  const { data } = useApi('GET /matters/:id/files', {
    params: { id: props.matterId },
    query: { folderId: folderId ?? undefined },
  });
  const [chosen, setChosen] = useState<Map<string, Picked>>(new Map());
  const toggle = (item: Picked, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(`${item.kind}:${item.id}`, item);
    else next.delete(`${item.kind}:${item.id}`);
    setChosen(next);
  };
  return (
    <Dialog
      title={props.mode === 'attach' ? 'Attach files (fixed copies)' : 'Share files or folders (live)'}
      open
      onClose={props.onClose}
      wide
    >
      <nav className="crumbs" aria-label="Folder path">
        {trail.map((c, i) => (
          <button
            key={c.id ?? 'root'}
            type="button"
            onClick={() => {
              setFolderId(c.id);
              setTrail((t) => t.slice(0, i + 1));
            }}
          >
            {c.name}
          </button>
        ))}
      </nav>
      {!data ? (
        <Spinner />
      ) : (
        <ul className="checklist">
          {data.folders.map((f) => (
            <li key={f.id} className="file-row">
              {props.mode === 'share' && (
                <input
                  type="checkbox"
                  aria-label={`Share folder ${f.name}`}
                  checked={chosen.has(`folder:${f.id}`)}
                  onChange={(e) => toggle({ kind: 'folder', id: f.id, name: f.name }, e.target.checked)}
                />
              )}
              <button
                type="button"
                className="linkish"
                onClick={() => {
                  setFolderId(f.id);
                  setTrail((t) => [...t, { id: f.id, name: f.name }]);
                }}
              >
                <FolderIcon />
                {f.name}
              </button>
            </li>
          ))}
          {data.documents.map((d) => (
            <li key={d.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(`document:${d.id}`)}
                  onChange={(e) => toggle({ kind: 'document', id: d.id, name: d.name }, e.target.checked)}
                />
                <FileIcon />
                {d.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <button type="button" disabled={chosen.size === 0} onClick={() => props.onPick([...chosen.values()])}>
          {props.mode === 'attach' ? 'Attach' : 'Share'} {chosen.size > 0 ? `(${chosen.size})` : ''}
        </button>
        <button type="button" className="secondary" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
