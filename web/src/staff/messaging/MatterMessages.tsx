import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import type { Party } from '../../ui/api-types';
import { CheckList } from '../../ui/CheckList';
import { Dialog } from '../../ui/Dialog';
import { useStaffRealtime } from '../../ui/realtime';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Field } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';

/**
 * The matter's Messages tab: External and Internal conversation lists, each with + to start one, and
 * the open conversation (`/matters/:id/conversations/:conversationId`) beside them from 1024 px.
 */
export function MatterMessages({ matterId, conversationId }: { matterId: string; conversationId?: string }) {
  const { me } = useStaffSession();
  const external = useApi('GET /conversations', { query: { matterId, kind: 'external', limit: 100 } });
  const internal = useApi('GET /conversations', { query: { matterId, kind: 'internal', limit: 100 } });
  const [creating, setCreating] = useState<'external' | 'internal' | null>(null);
  useStaffRealtime((e) => {
    if (e.type === 'message.created' || e.type === 'conversation.updated' || e.type === 'message.read') {
      external.reload();
      internal.reload();
    }
  });
  const base = `/matters/${matterId}`;
  return (
    <div className={`two-pane${conversationId ? ' has-open' : ''}`}>
      <div className="pane-list">
        {(['external', 'internal'] as const).map((kind) => {
          const list = kind === 'external' ? external : internal;
          return (
            <section key={kind} aria-labelledby={`${kind}-title`} style={{ marginBottom: '1rem' }}>
              <div className="toolbar">
                <h2 id={`${kind}-title`} style={{ margin: 0 }}>
                  {kind === 'external' ? 'External' : 'Internal'}
                </h2>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Start an ${kind} conversation`}
                  onClick={() => setCreating(kind)}
                >
                  +
                </button>
              </div>
              <ErrorNote message={list.error} />
              {list.data && (
                <ConversationList
                  items={list.data.items}
                  meId={me?.id}
                  openId={conversationId}
                  label={kind === 'external' ? 'External conversations' : 'Internal conversations'}
                  hrefFor={(c) => `${base}/conversations/${c.id}`}
                />
              )}
            </section>
          );
        })}
        {creating && (
          <NewConversation matterId={matterId} kind={creating} onClose={() => setCreating(null)} />
        )}
      </div>
      <div className="pane-thread">
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} backTo={base} />
        ) : (
          <p className="empty pane-empty">Choose a conversation to read it here.</p>
        )}
      </div>
    </div>
  );
}

export function RecipientPicker(props: {
  matterId: string;
  parties: boolean;
  chosenParties: Set<string>;
  chosenStaff: Set<string>;
  onChange: (parties: Set<string>, staff: Set<string>) => void;
}) {
  const { me } = useStaffSession();
  const { data: parties, reload } = useApi(props.parties ? 'GET /matters/:id/parties' : null, {
    params: { id: props.matterId },
  });
  const { data: staff } = useApi('GET /staff', { query: { limit: 200 } });
  return (
    <>
      {props.parties && (
        <CheckList
          legend="Parties"
          items={(parties?.items ?? []).map((p) => ({
            id: p.id,
            label: (
              <>
                {p.name} <span className="tag">{p.role}</span>
              </>
            ),
            extra: <MissingContactInfo party={p} onSaved={reload} />,
          }))}
          chosen={props.chosenParties}
          onChange={(next) => props.onChange(next, props.chosenStaff)}
        />
      )}
      <CheckList
        legend="Staff"
        items={(staff?.items ?? [])
          .filter((s) => s.active && s.id !== me?.id)
          .map((s) => ({ id: s.id, label: s.name }))}
        chosen={props.chosenStaff}
        onChange={(next) => props.onChange(props.chosenParties, next)}
      />
    </>
  );
}

/** Add a party's missing email or mobile on the spot. */
export function MissingContactInfo({ party, onSaved }: { party: Party; onSaved: () => void }) {
  const [field, setField] = useState<'email' | 'mobile' | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  if (party.email && party.mobile) return null;
  async function save(e: FormEvent) {
    e.preventDefault();
    if (!field) return;
    try {
      await api('PATCH /contacts/:id', {
        params: { id: party.contactId },
        body: field === 'email' ? { email: value } : { mobile: value },
      });
      setField(null);
      setValue('');
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  if (!field) {
    return (
      <span className="muted">
        {' '}
        {!party.email && (
          <button type="button" className="linkish" onClick={() => setField('email')}>
            add email
          </button>
        )}{' '}
        {!party.mobile && (
          <button type="button" className="linkish" onClick={() => setField('mobile')}>
            add mobile
          </button>
        )}
      </span>
    );
  }
  return (
    <form className="row" onSubmit={save} aria-label={`Add ${field} for ${party.name}`}>
      <Field
        label={`${field === 'email' ? 'Email' : 'Mobile'} for ${party.name}`}
        type={field === 'email' ? 'email' : 'tel'}
        value={value}
        onChange={setValue}
        required
        autoFocus
      />
      <div className="field" style={{ flex: '0 0 auto' }}>
        <button type="submit">Save</button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}

function NewConversation({
  matterId,
  kind,
  onClose,
}: {
  matterId: string;
  kind: 'external' | 'internal';
  onClose: () => void;
}) {
  const [parties, setParties] = useState<Set<string>>(new Set());
  const [staff, setStaff] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string>();
  const navigate = useNavigate();
  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      const c = await api('POST /matters/:id/conversations', {
        params: { id: matterId },
        body: {
          kind,
          ...(kind === 'external' ? { partyIds: [...parties] } : {}),
          staffIds: [...staff],
          ...(title ? { title } : {}),
        },
      });
      navigate(`/matters/${matterId}/conversations/${c.id}`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Dialog
      title={kind === 'external' ? 'New external conversation' : 'New internal conversation'}
      open
      onClose={onClose}
    >
      <form onSubmit={create}>
        <Field label="Title (optional)" value={title} onChange={setTitle} />
        <RecipientPicker
          matterId={matterId}
          parties={kind === 'external'}
          chosenParties={parties}
          chosenStaff={staff}
          onChange={(p, s) => {
            setParties(p);
            setStaff(s);
          }}
        />
        <ErrorNote message={error} />
        <button type="submit">Start conversation</button>
      </form>
    </Dialog>
  );
}
