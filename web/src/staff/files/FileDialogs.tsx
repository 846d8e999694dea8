import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { MatterShare } from '../../ui/api-types';
import { Dialog, DialogButtons } from '../../ui/Dialog';
import { FolderIcon } from '../../ui/icons';
import { useApi } from '../../ui/use-api';
import { Empty, ErrorNote, Field, Spinner } from '../../ui/widgets';
import type { Target } from './target';

const names = (targets: Target[]) =>
  targets.length === 1 ? `“${targets[0]!.item.name}”` : `${targets.length} items`;

/** Runs a change, keeping its error to show; resolves true when it worked. */
function useAction() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(change: () => Promise<unknown>) {
    setError(undefined);
    setBusy(true);
    try {
      await change();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

/** New folder and Rename: one name, checked by the server (a duplicate is `name_taken`, said in words). */
export function NameDialog(props: {
  title: string;
  label: string;
  initial: string;
  submit: string;
  onSave: (name: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [name, setName] = useState(props.initial);
  const action = useAction();
  async function save(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    if (await action.run(() => props.onSave(name.trim()))) props.onClose();
  }
  return (
    <Dialog title={props.title} open onClose={props.onClose}>
      <form onSubmit={save}>
        <Field label={props.label} value={name} onChange={setName} required autoFocus />
        <ErrorNote message={action.error} />
        <DialogButtons onCancel={props.onClose}>
          <button type="submit" disabled={action.busy || !name.trim()}>
            {props.submit}
          </button>
        </DialogButtons>
      </form>
    </Dialog>
  );
}

/** Delete one or several items (a folder with everything in it). */
export function DeleteDialog(props: { targets: Target[]; onClose: () => void; onDone: () => void }) {
  const action = useAction();
  const folders = props.targets.filter((t) => t.kind === 'folder').length;
  async function remove() {
    const ok = await action.run(async () => {
      for (const t of props.targets) {
        const params = { id: t.item.id };
        await (t.kind === 'folder'
          ? api('DELETE /folders/:id', { params })
          : api('DELETE /documents/:id', { params }));
      }
    });
    props.onDone();
    if (ok) props.onClose();
  }
  return (
    <Dialog title={`Delete ${names(props.targets)}?`} open onClose={props.onClose}>
      <p>
        {names(props.targets)} {props.targets.length === 1 ? 'goes' : 'go'} from All Files
        {folders > 0
          ? folders === 1 && props.targets.length === 1
            ? ', with everything in it'
            : ', folders with everything in them'
          : ''}
        . Clients lose what was shared of {props.targets.length === 1 ? 'it' : 'them'}; copies already sent
        stay in their messages.
      </p>
      <ErrorNote message={action.error} />
      <DialogButtons onCancel={props.onClose}>
        <button type="button" className="danger" disabled={action.busy} onClick={() => void remove()}>
          Delete
        </button>
      </DialogButtons>
    </Dialog>
  );
}

/** Move items into a folder chosen by browsing the matter's folders. */
export function MoveDialog(props: {
  matterId: string;
  targets: Target[];
  onClose: () => void;
  onDone: () => void;
}) {
  const action = useAction();
  return (
    <ChooseFolderDialog
      title={`Move ${names(props.targets)}`}
      matterId={props.matterId}
      exclude={new Set(props.targets.map((t) => t.item.id))}
      action={(where) => `Move to ${where}`}
      busy={action.busy}
      error={action.error}
      onClose={props.onClose}
      onChoose={async (folder) => {
        const ok = await action.run(() => moveInto(props.targets, folder.id));
        props.onDone();
        if (ok) props.onClose();
      }}
    />
  );
}

/**
 * Browse a matter's folders and choose one (Move; the composer's "Save files from the computer in").
 * `action` names the button from where the user is ("All Files" or “Name”).
 */
export function ChooseFolderDialog(props: {
  title: string;
  matterId: string;
  /** Folders that cannot be entered (those being moved). */
  exclude?: Set<string>;
  action: (where: string) => string;
  busy?: boolean;
  error?: string | undefined;
  onChoose: (folder: { id: string; name: string }) => void;
  onClose: () => void;
}) {
  const [folderId, setFolderId] = useState<string>();
  const listing = useApi('GET /matters/:id/files', { params: { id: props.matterId }, query: { folderId } });
  const here = listing.data?.folder;
  const hereName = listing.data?.trail.length === 1 ? 'All Files' : `“${here?.name}”`;
  return (
    <Dialog title={props.title} open onClose={props.onClose}>
      <nav className="crumbs" aria-label="Folder path">
        {listing.data?.trail.map((c, i) => (
          <span key={c.id}>
            {i > 0 && ' / '}
            <button type="button" onClick={() => setFolderId(c.id)}>
              {i === 0 ? 'All Files' : c.name}
            </button>
          </span>
        ))}
      </nav>
      {!listing.data ? (
        <Spinner />
      ) : (
        <ul className="list" aria-label="Folders here">
          {listing.data.folders.length === 0 && <Empty>No folders inside.</Empty>}
          {listing.data.folders.map((f) => (
            <li key={f.id}>
              <FolderIcon />
              <button
                type="button"
                className="linkish"
                disabled={props.exclude?.has(f.id)}
                onClick={() => setFolderId(f.id)}
              >
                {f.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote message={props.error ?? listing.error} />
      <DialogButtons onCancel={props.onClose}>
        <button
          type="button"
          disabled={!here || props.busy}
          onClick={() =>
            here && props.onChoose({ id: here.id, name: hereName === 'All Files' ? hereName : here.name })
          }
        >
          {here ? props.action(hereName) : '…'}
        </button>
      </DialogButtons>
    </Dialog>
  );
}

/** Moves documents and folders into a folder (the dialog's and a drop's). */
export async function moveInto(targets: Target[], folderId: string) {
  for (const t of targets) {
    if (t.item.id === folderId) continue;
    await (t.kind === 'folder'
      ? api('PATCH /folders/:id', { params: { id: t.item.id }, body: { parentId: folderId } })
      : api('PATCH /documents/:id', { params: { id: t.item.id }, body: { folderId } }));
  }
}

const people = (s: MatterShare) => s.recipients.map((r) => r.name).join(', ') || 'nobody now';

/**
 * Remove Access from the file's menu: who loses access, named, and one button per live share that
 * reaches it (a share of a folder above it included), so it is one step from where the share is seen.
 */
export function RemoveAccessDialog(props: {
  matterId: string;
  target: Target;
  onClose: () => void;
  onDone: () => void;
}) {
  const key = props.target.kind === 'document' ? 'documentId' : 'folderId';
  const shares = useApi('GET /matters/:id/shares', {
    params: { id: props.matterId },
    query: { [key]: props.target.item.id },
  });
  const action = useAction();
  const [removed, setRemoved] = useState<string[]>([]);
  const live = shares.data?.items.filter((s) => s.revokedAt === null && !removed.includes(s.id));
  async function revoke(share: MatterShare) {
    if (await action.run(() => api('DELETE /shares/:id', { params: { id: share.id } }))) {
      setRemoved((r) => [...r, share.id]);
      props.onDone();
    }
  }
  return (
    <Dialog title={`Remove Access to “${props.target.item.name}”`} open onClose={props.onClose}>
      {!live ? (
        <Spinner />
      ) : (
        <ul className="list" aria-label="Shares">
          {live.length === 0 && (
            <Empty>{removed.length > 0 ? 'Access removed.' : 'Not shared with anyone.'}</Empty>
          )}
          {live.map((s) => (
            <li key={s.id} className="staff-row">
              <span className="grow">
                <strong>{people(s)}</strong> lose{s.recipients.length === 1 ? 's' : ''} access to{' '}
                {s.targetId === props.target.item.id ? 'it' : `the ${s.kind} “${s.name}”, which holds it`}.
              </span>
              <button type="button" className="danger" disabled={action.busy} onClick={() => void revoke(s)}>
                Remove Access for {people(s)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {removed.length > 0 && live && live.length > 0 && (
        <p role="status" className="ok">
          Access removed.
        </p>
      )}
      <ErrorNote message={action.error ?? shares.error} />
      <div className="toolbar">
        <button type="button" className="secondary" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
