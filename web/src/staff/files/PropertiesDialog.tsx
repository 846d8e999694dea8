import { useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { MatterShare } from '../../ui/api-types';
import { Dialog } from '../../ui/Dialog';
import { formatBytes, formatTime } from '../../ui/format';
import { useApi } from '../../ui/use-api';
import { Empty, ErrorNote } from '../../ui/widgets';
import type { Target } from './target';

/** Properties, with the Access tab: who this item is shared with, and Remove Access. */
export function PropertiesDialog(props: {
  matterId: string;
  target: Target;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [tab, setTab] = useState<'general' | 'access'>('access');
  const key = props.target.kind === 'document' ? 'documentId' : 'folderId';
  const { data, error, reload } = useApi('GET /matters/:id/shares', {
    params: { id: props.matterId },
    query: { [key]: props.target.item.id },
  });
  const [confirming, setConfirming] = useState<MatterShare>();
  const [actionError, setActionError] = useState<string>();

  async function revoke(share: MatterShare) {
    setActionError(undefined);
    try {
      await api('DELETE /shares/:id', { params: { id: share.id } });
      setConfirming(undefined);
      reload();
      props.onChanged();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  const item = props.target.item;
  return (
    <Dialog title={`Properties: ${item.name}`} open onClose={props.onClose} wide>
      <div className="tabs" role="tablist" aria-label="Properties sections">
        <button type="button" role="tab" aria-selected={tab === 'general'} onClick={() => setTab('general')}>
          General
        </button>
        <button type="button" role="tab" aria-selected={tab === 'access'} onClick={() => setTab('access')}>
          Access
        </button>
      </div>
      {tab === 'general' ? (
        <dl>
          <dt>Name</dt>
          <dd>{item.name}</dd>
          {props.target.kind === 'document' && (
            <>
              <dt>Size</dt>
              <dd>{formatBytes(props.target.item.size)}</dd>
              <dt>Versions</dt>
              <dd>{props.target.item.versionCount}</dd>
            </>
          )}
          <dt>Last changed</dt>
          <dd>{formatTime(item.updatedAt)}</dd>
        </dl>
      ) : (
        <section aria-label="Access">
          <ErrorNote message={error ?? actionError} />
          {data && data.items.length === 0 && <Empty>Not shared with anyone.</Empty>}
          <ul className="list">
            {data?.items.map((s) => (
              <li key={s.id}>
                <span style={{ flex: 1 }}>
                  {s.recipients.map((r) => r.name).join(', ') || 'No recipients'} · shared{' '}
                  {formatTime(s.sharedAt)}
                  {s.revokedAt && <span className="tag">access removed {formatTime(s.revokedAt)}</span>}
                </span>
                {!s.revokedAt && (
                  <button type="button" className="danger" onClick={() => setConfirming(s)}>
                    Remove Access
                  </button>
                )}
              </li>
            ))}
          </ul>
          {confirming && (
            <div className="warning" role="alertdialog" aria-label="Confirm Remove Access">
              <p>
                <strong>{confirming.recipients.map((r) => r.name).join(', ')}</strong> will lose access to “
                {confirming.name}” at once.
              </p>
              <div className="toolbar">
                <button type="button" className="danger" onClick={() => void revoke(confirming)}>
                  Remove Access
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </Dialog>
  );
}
