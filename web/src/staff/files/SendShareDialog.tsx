import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import { CheckList } from '../../ui/CheckList';
import { ChooseFilesButton } from '../../ui/ChooseFilesButton';
import { Dialog, DialogButtons } from '../../ui/Dialog';
import { FileIcon, FolderIcon } from '../../ui/icons';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Toggle } from '../../ui/widgets';
import { FilePicker, type Picked } from '../messaging/FilePicker';
import { partyChoice } from '../messaging/RecipientPicker';
import { useStaffSession } from '../session';
import { useMatterUpload } from './matter-upload';
import type { Target } from './target';
import { UploadChips } from './UploadChips';
import { useUploadTray } from './Uploads';

/**
 * All Files → Send → Client Portal (fixed copies) or Share → Client Portal (live links), with extra
 * files from the computer (uploaded into `folderId`) or from All Files, the per-send file limit shown
 * as it is approached, and a confirmation that links to the conversation.
 */
export function SendShareDialog(props: {
  matterId: string;
  mode: 'send' | 'share';
  targets: Target[];
  /** Where files added from the computer go (the folder the user is in). */
  folderId?: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { me } = useStaffSession();
  const limit = me?.limits.filesPerSend ?? 130;
  const uploadIntoMatter = useMatterUpload();
  const { data: parties } = useApi('GET /matters/:id/parties', { params: { id: props.matterId } });
  const [items, setItems] = useState<Picked[]>(
    props.targets.map((t) => ({ kind: t.kind, id: t.item.id, name: t.item.name })),
  );
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [body, setBody] = useState('');
  const messageId = useId();
  const [requireMfa, setRequireMfa] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Tray keys of the files this dialog sent up; those still running hold Send back (failed ones wait
  // in the tray with their reason and Retry).
  const [started, setStarted] = useState<string[]>([]);
  const tray = useUploadTray();
  const uploading = tray.uploads.filter((u) => started.includes(u.key) && !u.done && !u.error).length;
  const [picking, setPicking] = useState(false);
  const [sent, setSent] = useState<{ conversationId: string; people: string }>();
  const documentIds = items.filter((t) => t.kind === 'document').map((t) => t.id);
  const folderIds = items.filter((t) => t.kind === 'folder').map((t) => t.id);
  const over = items.length > limit;
  // Approaching the limit (the last fifth): said in words, with what is left.
  const near = items.length >= limit * 0.8;

  function add(more: Picked[]) {
    setItems((list) => [
      ...list,
      ...more.filter((m) => !list.some((i) => i.kind === m.kind && i.id === m.id)),
    ]);
  }

  // Through the app's upload tray, into the folder shown; each file joins the list once it is in.
  function fromComputer(files: File[]) {
    setError(undefined);
    const keys = uploadIntoMatter(files, { matterId: props.matterId, folderId: props.folderId }, (d) =>
      add([{ kind: 'document', id: d.id, name: d.name }]),
    );
    setStarted((list) => [...list, ...keys]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen.size === 0) {
      setError('Choose at least one party.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const message = { ...(body.trim() ? { body } : {}), ...(requireMfa ? { requireMfa } : {}) };
    try {
      const common = { partyIds: [...chosen], ...(Object.keys(message).length > 0 ? { message } : {}) };
      const params = { id: props.matterId };
      const done = await (props.mode === 'send'
        ? api('POST /matters/:id/send', { params, body: { documentIds, ...common } })
        : api('POST /matters/:id/share', { params, body: { documentIds, folderIds, ...common } }));
      const people = (parties?.items ?? [])
        .filter((p) => chosen.has(p.id))
        .map((p) => p.name)
        .join(', ');
      setSent({ conversationId: done.conversation.id, people });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const title = props.mode === 'send' ? 'Send to Client Portal' : 'Share to Client Portal';
  if (sent) {
    return (
      <Dialog title={title} open onClose={props.onDone}>
        <p role="status">
          {props.mode === 'send' ? 'Sent' : 'Shared'}{' '}
          {items.length === 1 ? `“${items[0]!.name}”` : `${items.length} items`} to {sent.people}.{' '}
          <Link to={`/matters/${props.matterId}/conversations/${sent.conversationId}`} onClick={props.onDone}>
            Open the conversation
          </Link>
        </p>
        <div className="toolbar">
          <button type="button" onClick={props.onDone}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={title} open onClose={props.onClose}>
      <form onSubmit={submit}>
        <p className="muted">
          {props.mode === 'send'
            ? 'Recipients get a fixed copy of the current version.'
            : 'Recipients always see the current state, until you remove access.'}
        </p>
        <ul
          className="chips"
          aria-label={props.mode === 'send' ? 'Files to send' : 'Files and folders to share'}
        >
          {items.map((t) => (
            <li key={`${t.kind}:${t.id}`} className="chip">
              {t.kind === 'folder' ? <FolderIcon /> : <FileIcon />} {t.name}
              <button
                type="button"
                aria-label={`Remove ${t.name}`}
                onClick={() => setItems((list) => list.filter((i) => i !== t))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <UploadChips
          keys={started}
          onRemove={(key) => {
            tray.withdraw(key);
            setStarted((list) => list.filter((k) => k !== key));
          }}
        />
        <div className="toolbar">
          <ChooseFilesButton label="Extra files" onFiles={fromComputer}>
            Add files from the computer
          </ChooseFilesButton>
          <button type="button" className="secondary" onClick={() => setPicking(true)}>
            Add from All Files
          </button>
        </div>
        <p className={over ? 'error' : near ? 'warning' : 'muted'} aria-live="polite">
          {items.length} of at most {limit} files in one {props.mode === 'send' ? 'send' : 'share'}
          {over
            ? `: take out ${items.length - limit} or send them in two goes.`
            : items.length === limit
              ? ': no more can be added.'
              : near
                ? `: ${limit - items.length} more can be added.`
                : '.'}
          {uploading > 0 && ` Uploading ${uploading}…`}
        </p>
        <CheckList
          legend="Parties"
          items={(parties?.items ?? []).map(partyChoice)}
          chosen={chosen}
          onChange={setChosen}
        />
        <div className="field">
          <label htmlFor={messageId}>Message (optional)</label>
          <textarea
            id={messageId}
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={MESSAGE_BODY_MAX}
          />
        </div>
        <Toggle label="Require multi-factor authentication" checked={requireMfa} onChange={setRequireMfa} />
        <ErrorNote message={error} />
        <DialogButtons onCancel={props.onClose}>
          <button type="submit" disabled={busy || uploading > 0 || over || items.length === 0}>
            {props.mode === 'send' ? 'Send' : 'Share'}
          </button>
        </DialogButtons>
      </form>
      {picking && (
        <FilePicker
          matterId={props.matterId}
          mode={props.mode === 'send' ? 'attach' : 'share'}
          onPick={(picked) => {
            add(picked);
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      )}
    </Dialog>
  );
}
