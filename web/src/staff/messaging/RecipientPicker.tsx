import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { Party } from '../../ui/api-types';
import { CheckList } from '../../ui/CheckList';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Field } from '../../ui/widgets';
import { useStaffSession } from '../session';

/** Who a matter message goes to: the matter's parties (unless `parties` is off) and the firm's staff. */
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
            ...partyChoice(p),
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

/** A party as a choice in a list: the name and the role on the matter. */
export const partyChoice = (p: Party) => ({
  id: p.id,
  label: (
    <>
      {p.name} <span className="tag">{p.role}</span>
    </>
  ),
});

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
