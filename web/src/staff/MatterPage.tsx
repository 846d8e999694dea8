import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../ui/use-api';
import { PagePending } from '../ui/widgets';
import { FilesTab } from './files/FilesTab';
import { MatterMessages } from './messaging/MatterMessages';
import { MessageDialog } from './messaging/MessageDialog';
import { Parties } from './Parties';

type Tab = 'messages' | 'files';

/** Where a matter's tab (and, in All Files, a folder) lives: a reload, Back or a pasted link lands there. */
export const matterPath = (matterId: string, tab: Tab = 'messages', folderId?: string) =>
  tab === 'messages' ? `/matters/${matterId}` : `/matters/${matterId}/files${folderId ? `/${folderId}` : ''}`;

/**
 * A matter: its parties (one line once there are some, so the work is in view) and two tabs, Messages (`/matters/:id`) and All Files (`/matters/:id/files`,
 * `/matters/:id/files/:folderId`, and `?doc=<id>` for the open document).
 */
export function MatterPage({ tab }: { tab: Tab }) {
  const { matterId = '', folderId, conversationId } = useParams();
  const { data: matter, error } = useApi('GET /matters/:id', { params: { id: matterId } });
  const [composing, setComposing] = useState(false);
  if (error || !matter) return <PagePending error={error} />;
  return (
    <main>
      <div className="matter-head">
        <h1>
          {matter.title} {matter.number && <span className="tag">{matter.number}</span>}{' '}
          {matter.restricted && <span className="tag">Restricted</span>}
        </h1>
        <button type="button" onClick={() => setComposing(true)}>
          Message
        </button>
      </div>
      {composing && <MessageDialog matterId={matter.id} onClose={() => setComposing(false)} />}
      <Parties matterId={matter.id} />
      <div className="tabs" role="tablist" aria-label="Matter sections">
        <Link role="tab" aria-selected={tab === 'messages'} to={matterPath(matter.id)}>
          Messages
        </Link>
        <Link role="tab" aria-selected={tab === 'files'} to={matterPath(matter.id, 'files')}>
          All Files
        </Link>
      </div>
      <section role="tabpanel" className="card" aria-label={tab === 'messages' ? 'Messages' : 'All Files'}>
        {tab === 'messages' ? (
          <MatterMessages matterId={matter.id} conversationId={conversationId} />
        ) : (
          <FilesTab matterId={matter.id} folderId={folderId ?? null} />
        )}
      </section>
    </main>
  );
}
