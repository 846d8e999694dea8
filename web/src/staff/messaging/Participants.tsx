import { useId, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { Conversation } from '../../ui/api-types';
import { useApi } from '../../ui/use-api';
import { ErrorNote } from '../../ui/widgets';
import { useStaffSession } from '../session';

/** Who is in the conversation; add parties (external only) or staff; remove someone. */
export function Participants({
  conversation,
  onChanged,
}: {
  conversation: Conversation;
  onChanged: () => void;
}) {
  const { me } = useStaffSession();
  const matterId = conversation.matter?.id;
  const { data: parties } = useApi(
    matterId && conversation.kind === 'external' ? 'GET /matters/:id/parties' : null,
    { params: { id: matterId ?? '' } },
  );
  const { data: staff } = useApi(conversation.kind === 'direct' ? null : 'GET /staff', {
    query: { limit: 200 },
  });
  const [choice, setChoice] = useState('');
  const addId = useId();
  const [error, setError] = useState<string>();
  const present = new Set(conversation.participants.map((p) => `${p.type}:${p.refId}`));
  const options = [
    ...(parties?.items ?? [])
      .filter((p) => !present.has(`party:${p.id}`))
      .map((p) => ({ key: `party:${p.id}`, label: `${p.name} (${p.role})` })),
    ...(staff?.items ?? [])
      .filter((s) => s.active && !present.has(`staff:${s.id}`))
      .map((s) => ({ key: `staff:${s.id}`, label: `${s.name} (staff)` })),
  ];

  async function add() {
    const [type, id] = choice.split(':');
    if (!id) return;
    setError(undefined);
    try {
      await api('POST /conversations/:id/participants', {
        params: { id: conversation.id },
        body: type === 'party' ? { partyIds: [id] } : { staffIds: [id] },
      });
      setChoice('');
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function remove(participantId: string) {
    setError(undefined);
    try {
      await api('DELETE /conversations/:id/participants/:participantId', {
        params: { id: conversation.id, participantId },
      });
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <details className="card">
      <summary>
        {conversation.participants.length} participant{conversation.participants.length === 1 ? '' : 's'}:{' '}
        {conversation.participants.map((p) => p.name).join(', ')}
      </summary>
      <ul className="list">
        {conversation.participants.map((p) => (
          <li key={p.id}>
            <span style={{ flex: 1 }}>
              {p.name} <span className="tag">{p.type === 'party' ? 'party' : 'staff'}</span>
            </span>
            {conversation.kind !== 'direct' && !(p.type === 'staff' && p.refId === me?.id) && (
              <button type="button" className="secondary" onClick={() => void remove(p.id)}>
                Remove {p.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {options.length > 0 && (
        <div className="row">
          <div className="field">
            <label htmlFor={addId}>Add participant</label>
            <select id={addId} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose…</option>
              {options.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field" style={{ flex: '0 0 auto' }}>
            <button type="button" onClick={() => void add()} disabled={!choice}>
              Add
            </button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </details>
  );
}
