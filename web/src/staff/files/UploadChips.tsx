import { useEffect } from 'react';
import { ClipIcon } from '../../ui/icons';
import { useUploadTray } from './Uploads';

/**
 * The uploads a form started (by their tray keys), shown in the form itself: inside a modal dialog
 * the tray is behind the backdrop. Each running file with its progress, each failure with its reason
 * and Retry; × withdraws it. Finished ones leave (the form lists what they became). The tray does not
 * list them again while the form shows them (so it covers no composer).
 */
export function UploadChips({ keys, onRemove }: { keys: string[]; onRemove: (key: string) => void }) {
  const tray = useUploadTray();
  const { showInPlace } = tray;
  const shownKeys = JSON.stringify(keys);
  useEffect(() => showInPlace(JSON.parse(shownKeys) as string[]), [showInPlace, shownKeys]);
  const rows = tray.uploads.filter((u) => keys.includes(u.key) && !u.done);
  if (rows.length === 0) return null;
  return (
    <ul className="chips" aria-label="Uploading">
      {rows.map((u) => (
        <li key={u.key} className={u.error ? 'chip failed' : 'chip'}>
          <ClipIcon />
          {u.name}{' '}
          {u.error ? (
            <>
              <span className={u.cancelled ? 'muted' : 'error'}>{u.error}</span>
              {!u.final && (
                <button type="button" aria-label={`Retry ${u.name}`} onClick={() => tray.retry(u.key)}>
                  Retry
                </button>
              )}
            </>
          ) : (
            <span className="muted">uploading {u.total ? Math.floor((u.sent / u.total) * 100) : 0}%</span>
          )}
          <button type="button" aria-label={`Remove ${u.name}`} onClick={() => onRemove(u.key)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
