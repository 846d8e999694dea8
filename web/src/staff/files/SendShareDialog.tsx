import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import { CheckList } from '../../ui/CheckList';
import { Dialog } from '../../ui/Dialog';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Toggle } from '../../ui/widgets';
import type { Target } from './target';

/** All Files → Send → Client Portal (fixed copies) or Share → Client Portal (live links). */
export function SendShareDialog(props: {
  matterId: string;
  mode: 'send' | 'share';
  targets: Target[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { data: parties } = useApi('GET /matters/:id/parties', { params: { id: props.matterId } });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [body, setBody] = useState('');
  const [requireMfa, setRequireMfa] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const documentIds = props.targets.filter((t) => t.kind === 'document').map((t) => t.item.id);
  const folderIds = props.targets.filter((t) => t.kind === 'folder').map((t) => t.item.id);

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
      const common = {
        partyIds: [...chosen],
        ...(Object.keys(message).length > 0 ? { message } : {}),
      };
      const params = { id: props.matterId };
      await (props.mode === 'send'
        ? api('POST /matters/:id/send', { params, body: { documentIds, ...common } })
        : api('POST /matters/:id/share', { params, body: { documentIds, folderIds, ...common } }));
      props.onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const title = props.mode === 'send' ? 'Send to Client Portal' : 'Share to Client Portal';
  return (
    <Dialog title={title} open onClose={props.onClose}>
      <form onSubmit={submit}>
        <p className="muted">
          {props.mode === 'send'
            ? 'Recipients get a fixed copy of the current version.'
            : 'Recipients always see the current state, until you remove access.'}{' '}
          {props.targets.map((t) => t.item.name).join(', ')}
        </p>
        <CheckList
          legend="Parties"
          items={(parties?.items ?? []).map((p) => ({
            id: p.id,
            label: (
              <>
                {p.name} <span className="tag">{p.role}</span>
              </>
            ),
          }))}
          chosen={chosen}
          onChange={setChosen}
        />
        <div className="field">
          <label htmlFor="send-message">Message (optional)</label>
          <textarea
            id="send-message"
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={MESSAGE_BODY_MAX}
          />
        </div>
        <Toggle label="Require multi-factor authentication" checked={requireMfa} onChange={setRequireMfa} />
        <ErrorNote message={error} />
        <div className="toolbar" style={{ marginTop: '0.75rem' }}>
          <button type="submit" disabled={busy}>
            {props.mode === 'send' ? 'Send' : 'Share'}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
