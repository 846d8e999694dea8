import { type FormEvent, useId, useState } from 'react';
import { api, errorMessage } from '../ui/api';
import type { Party } from '../ui/api-types';
import { useApi } from '../ui/use-api';
import { Empty, ErrorNote, Field } from '../ui/widgets';
import { EditPartyDialog, RemovePartyDialog, RoleSelect } from './PartyDialogs';

/**
 * The matter's parties, and a form that creates the contact and adds them in one go. Once a matter
 * has parties the section is one line of names (the tabs, where the work is, stay in view); "Manage
 * parties" opens the list with Edit and Remove and the form. A matter without parties opens on the form.
 */
export function Parties({ matterId }: { matterId: string }) {
  const { data, error, reload } = useApi('GET /matters/:id/parties', { params: { id: matterId } });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [mobile, setMobile] = useState('');
  const [role, setRole] = useState('Client');
  const [formError, setFormError] = useState<string>();
  const [editing, setEditing] = useState<Party>();
  const [removing, setRemoving] = useState<Party>();
  const [expanded, setExpanded] = useState<boolean>();
  const bodyId = useId();
  const open = expanded ?? data?.items.length === 0;

  async function add(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    try {
      const contact = await api('POST /contacts', {
        body: { name, ...(email ? { email } : {}), ...(mobile ? { mobile } : {}) },
      });
      await api('POST /matters/:id/parties', {
        params: { id: matterId },
        body: { contactId: contact.id, role },
      });
      setName('');
      setEmail('');
      setMobile('');
      setExpanded(true);
      reload();
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  return (
    <section className="card parties" aria-labelledby="parties-title">
      <div className="parties-head">
        <h2 id="parties-title">Parties</h2>
        {!open && data && (
          <span className="parties-summary">{data.items.map((p) => `${p.name} (${p.role})`).join(', ')}</span>
        )}
        {data && data.items.length > 0 && (
          <button
            type="button"
            className="secondary"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setExpanded(!open)}
          >
            {open ? 'Hide parties' : 'Manage parties'}
          </button>
        )}
      </div>
      <ErrorNote message={error} />
      {open && (
        <div id={bodyId}>
          {data && data.items.length === 0 && <Empty>No parties yet.</Empty>}
          <ul className="list">
            {data?.items.map((p) => (
              <li key={p.id} className="staff-row">
                <span className="grow">
                  <strong>{p.name}</strong> <span className="tag">{p.role}</span>{' '}
                  <span className="muted">
                    {[p.email, p.mobile].filter(Boolean).join(' · ') || 'no email or mobile'}
                  </span>
                </span>
                <span className="actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Edit ${p.name}`}
                    onClick={() => setEditing(p)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${p.name}`}
                    onClick={() => setRemoving(p)}
                  >
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <form onSubmit={add} aria-label="Add a party">
            <div className="row">
              <Field label="Name" value={name} onChange={setName} required />
              <Field label="Email" type="email" value={email} onChange={setEmail} />
              <Field
                label="Mobile"
                type="tel"
                value={mobile}
                onChange={setMobile}
                placeholder="+1 415 555 0100"
              />
              <RoleSelect value={role} onChange={setRole} />
              <div className="field" style={{ flex: '0 0 auto' }}>
                <button type="submit">Add party</button>
              </div>
            </div>
            <ErrorNote message={formError} />
          </form>
        </div>
      )}
      {editing && (
        <EditPartyDialog
          matterId={matterId}
          party={editing}
          onClose={() => setEditing(undefined)}
          onSaved={reload}
        />
      )}
      {removing && (
        <RemovePartyDialog
          matterId={matterId}
          party={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={reload}
        />
      )}
    </section>
  );
}
