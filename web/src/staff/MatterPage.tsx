import { useState } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../ui/use-api';
import { PagePending } from '../ui/widgets';
import { FilesTab } from './files/FilesTab';
import { MatterMessages } from './messaging/MatterMessages';
import { MessageDialog } from './messaging/MessageDialog';
import { Parties } from './Parties';

type Tab = 'messages' | 'files';

export function MatterPage() {
  const { matterId = '' } = useParams();
  const { data: matter, error } = useApi('GET /matters/:id', { params: { id: matterId } });
  const [tab, setTab] = useState<Tab>('messages');
  const [composing, setComposing] = useState(false);
  if (error || !matter) return <PagePending error={error} />;
  return (
    <main>
      <h1>
        {matter.title} {matter.number && <span className="tag">{matter.number}</span>}{' '}
        {matter.restricted && <span className="tag">Restricted</span>}
      </h1>
      <div className="toolbar">
        <button type="button" onClick={() => setComposing(true)}>
          Message
        </button>
      </div>
      {composing && <MessageDialog matterId={matter.id} onClose={() => setComposing(false)} />}
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
        {tab === 'messages' ? <MatterMessages matterId={matter.id} /> : <FilesTab matterId={matter.id} />}
      </section>
    </main>
  );
}
