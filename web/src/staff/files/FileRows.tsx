import { type DragEvent, type KeyboardEvent, type MouseEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Listing } from '../../ui/api-types';
import { contentTypeInWords } from '../../ui/content-type';
import { formatBytes, formatTime } from '../../ui/format';
import { FileIcon, FolderIcon } from '../../ui/icons';
import { Empty } from '../../ui/widgets';
import { ItemMenu } from './ItemMenu';
import type { Target } from './target';

export type Sort = 'name' | 'date' | 'size';
const DRAG_TYPE = 'application/x-parley-items';

/** The listing's folders then documents, filtered by name and sorted, as targets. */
export function visibleTargets(data: Listing, filter: string, sort: Sort): Target[] {
  const f = filter.trim().toLowerCase();
  const keep = (name: string) => !f || name.toLowerCase().includes(f);
  const by = (a: Target, b: Target) => {
    if (sort === 'date') return b.item.updatedAt.localeCompare(a.item.updatedAt);
    if (sort === 'size' && a.kind === 'document' && b.kind === 'document') return b.item.size - a.item.size;
    return a.item.name.localeCompare(b.item.name, undefined, { numeric: true, sensitivity: 'base' });
  };
  return [
    ...data.folders.filter((x) => keep(x.name)).map((item): Target => ({ kind: 'folder', item })),
    ...data.documents.filter((x) => keep(x.name)).map((item): Target => ({ kind: 'document', item })),
  ].sort((a, b) => (a.kind === b.kind ? by(a, b) : a.kind === 'folder' ? -1 : 1));
}

/**
 * The rows of All Files: a checkbox each (shift-click selects a range), the name as a link (a folder
 * opens, a document opens in the viewer), Shared and Sent markers, and one menu per row that the ⋯
 * button, a right-click and the context-menu key open. Rows drag onto a folder to move there.
 */
export function FileRows(props: {
  matterId: string;
  targets: Target[];
  emptyText: string;
  selected: Set<string>;
  onSelect: (next: Set<string>) => void;
  menuItems: (target: Target) => [string, () => void][];
  onDropInto: (folderId: string, ids: string[]) => void;
}) {
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [anchor, setAnchor] = useState<number>();
  const [dropOn, setDropOn] = useState<string | null>(null);
  const { targets, selected } = props;

  function toggle(index: number, e: MouseEvent<HTMLInputElement>) {
    const id = targets[index]!.item.id;
    const next = new Set(selected);
    if (e.shiftKey && anchor !== undefined) {
      const [from, to] = [Math.min(anchor, index), Math.max(anchor, index)];
      for (const t of targets.slice(from, to + 1)) next.add(t.item.id);
    } else if (next.has(id)) next.delete(id);
    else next.add(id);
    setAnchor(index);
    props.onSelect(next);
  }

  const openMenu = (id: string) => (e: MouseEvent | KeyboardEvent) => {
    e.preventDefault();
    setMenuFor(id);
  };

  function dragStart(e: DragEvent, id: string) {
    const ids = selected.has(id) ? [...selected] : [id];
    e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids));
    e.dataTransfer.effectAllowed = 'move';
  }
  function drop(e: DragEvent, folderId: string) {
    setDropOn(null);
    const raw = e.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return; // files from the computer: the tab's own drop uploads them
    e.preventDefault();
    e.stopPropagation();
    props.onDropInto(
      folderId,
      (JSON.parse(raw) as string[]).filter((id) => id !== folderId),
    );
  }

  if (targets.length === 0) return <Empty>{props.emptyText}</Empty>;
  return (
    <ul className="list" aria-label="Files and folders">
      {targets.map((t, index) => {
        const { item } = t;
        const folder = t.kind === 'folder';
        return (
          <li
            key={item.id}
            className={`file-row${selected.has(item.id) ? ' selected' : ''}${dropOn === item.id ? ' drop' : ''}`}
            draggable
            onDragStart={(e) => dragStart(e, item.id)}
            onDragOver={
              folder
                ? (e) => {
                    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
                    e.preventDefault();
                    setDropOn(item.id);
                  }
                : undefined
            }
            onDragLeave={folder ? () => setDropOn(null) : undefined}
            onDrop={folder ? (e) => drop(e, item.id) : undefined}
            onContextMenu={openMenu(item.id)}
            onKeyDown={(e) => {
              if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) openMenu(item.id)(e);
            }}
          >
            {/* The label around it makes the checkbox a 44 px touch target. */}
            <label className="select-hit">
              <input
                type="checkbox"
                className="select"
                aria-label={`Select ${item.name}`}
                checked={selected.has(item.id)}
                onClick={(e) => toggle(index, e)}
                onChange={() => {}}
              />
            </label>
            {folder ? <FolderIcon /> : <FileIcon />}
            <span className="file-main">
              <Link
                className="name"
                to={folder ? `/matters/${props.matterId}/files/${item.id}` : { search: `?doc=${item.id}` }}
                state={folder ? undefined : { opened: true }}
              >
                {item.name}
              </Link>
              {item.shared && <span className="tag shared">Shared</span>}
              {t.kind === 'document' && t.item.sent && <span className="tag sent">Sent</span>}
              <span className="muted">
                {t.kind === 'document'
                  ? `${contentTypeInWords(t.item.contentType)} · ${formatBytes(t.item.size)} · v${t.item.versionCount} · `
                  : 'Folder · '}
                {formatTime(item.updatedAt)}
              </span>
            </span>
            <ItemMenu
              label={item.name}
              open={menuFor === item.id}
              onOpenChange={(open) => setMenuFor(open ? item.id : null)}
              items={props.menuItems(t)}
            />
          </li>
        );
      })}
    </ul>
  );
}

/** What can be done to the selected items at once. */
export function SelectionBar(props: {
  chosen: Target[];
  onAction: (type: 'send' | 'share' | 'move' | 'delete') => void;
  onClear: () => void;
}) {
  if (props.chosen.length === 0) return null;
  const onlyDocuments = props.chosen.every((t) => t.kind === 'document');
  return (
    <section className="toolbar selection" aria-label="Selection">
      <strong>{props.chosen.length} selected</strong>
      <button
        type="button"
        disabled={!onlyDocuments}
        title={onlyDocuments ? undefined : 'Send takes files only: share folders instead'}
        onClick={() => props.onAction('send')}
      >
        Send
      </button>
      <button type="button" onClick={() => props.onAction('share')}>
        Share
      </button>
      <button type="button" className="secondary" onClick={() => props.onAction('move')}>
        Move
      </button>
      <button type="button" className="secondary" onClick={() => props.onAction('delete')}>
        Delete
      </button>
      <button type="button" className="secondary" onClick={props.onClear}>
        Clear selection
      </button>
    </section>
  );
}
