import { useState } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../ui/use-api';
import { ErrorNote, Spinner } from '../ui/widgets';
import { FilesTab } from './files/FilesTab';
import type { Matter } from './Matters';
import { Parties } from './Parties';

type Tab = 'messages' | 'files';

export function MatterPage() {
  const { matterId = '' } = useParams();
  const { data: matter, error } = useApi<Matter>(`/matters/${matterId}`);
  const [tab, setTab] = useState<Tab>('messages');
  if (error)
    return (
      <main>
        <ErrorNote message={error} />
      </main>
    );
  if (!matter)
    return (
      <main>
        <Spinner />
      </main>
    );
  return (
    <main>
      <h1>
        {matter.title} {matter.number && <span className="tag">{matter.number}</span>}{' '}
        {matter.restricted && <span className="tag">Restricted</span>}
      </h1>
      <Parties matterId={matter.id} />
      <div className="tabs" role="tablist" aria-label="Matter sections">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'messages'}
          onClick={() => setTab('messages')}
        >
          Messages
        </button>
        <button type="button" role="tab" aria-selected={tab === 'files'} onClick={() => setTab('files')}>
          All Files
        </button>
      </div>
      <section role="tabpanel" className="card">
        {tab === 'messages' ? (
          <p className="muted">No conversations yet.</p>
        ) : (
          <FilesTab matterId={matter.id} />
        )}
      </section>
    </main>
  );
}
