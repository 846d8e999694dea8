import { useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { Message } from '../../ui/api-types';
import { FileIcon, FolderIcon } from '../../ui/icons';

/**
 * A share in a message: "Shared" with Remove Access one click away (naming who loses it), and
 * afterwards "Access removed", once.
 */
export function ShareChip({ share, people }: { share: Message['shares'][number]; people: string }) {
  const [removed, setRemoved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ended = removed || share.revokedAt !== null;
  async function remove() {
    setBusy(true);
    setError(undefined);
    try {
      await api('DELETE /shares/:id', { params: { id: share.id } });
      setRemoved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="chip">
      {share.kind === 'folder' ? <FolderIcon /> : <FileIcon />} {share.name}{' '}
      {ended ? (
        <span className="tag">Access removed</span>
      ) : (
        <>
          <span className="shared-icon">Shared</span>
          <button
            type="button"
            className="chip-action"
            disabled={busy}
            title={`${people || 'The recipients'} lose access at once`}
            aria-label={`Remove Access to ${share.name}${people ? ` for ${people}` : ''}`}
            onClick={() => void remove()}
          >
            Remove Access
          </button>
        </>
      )}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
