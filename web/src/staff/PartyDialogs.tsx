import { type FormEvent, useId, useState } from 'react';
import { api, errorMessage } from '../ui/api';
import type { Party } from '../ui/api-types';
import { Dialog, DialogButtons } from '../ui/Dialog';
import { useApi } from '../ui/use-api';
import { ErrorNote, Field, Spinner } from '../ui/widgets';
import { conversationTitle } from './messaging/conversation-title';
import { useStaffSession } from './session';

export const ROLES = ['Client', 'Other Side', 'Opposing Counsel', 'Witness', 'Expert', 'Other'];

/** The role picker of the party forms (a role outside the list, set elsewhere, stays choosable). */
export function RoleSelect({ value, onChange }: { value: string; onChange: (role: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {(ROLES.includes(value) ? ROLES : [value, ...ROLES]).map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
    </div>
  );
}

/**
 * Edit a party: the role on this matter (`PATCH /matters/:id/parties/:partyId`), and the person's
 * email and mobile, which are their contact's (`PATCH /contacts/:id`) and so change on every matter.
 */
export function EditPartyDialog(props: {
  matterId: string;
  party: Party;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { party } = props;
  const [role, setRole] = useState(party.role);
  const [email, setEmail] = useState(party.email ?? '');
  const [mobile, setMobile] = useState(party.mobile ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const contactChanged = email.trim() !== (party.email ?? '') || mobile.trim() !== (party.mobile ?? '');

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      if (role !== party.role) {
        await api('PATCH /matters/:id/parties/:partyId', {
          params: { id: props.matterId, partyId: party.id },
          body: { role },
        });
      }
      if (contactChanged) {
        await api('PATCH /contacts/:id', {
          params: { id: party.contactId },
          body: { email: email.trim() || null, mobile: mobile.trim() || null },
        });
      }
      props.onSaved();
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Edit ${party.name}`} open onClose={props.onClose}>
      <form onSubmit={save}>
        <RoleSelect value={role} onChange={setRole} />
        <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="off" />
        <Field label="Mobile" type="tel" value={mobile} onChange={setMobile} placeholder="+1 415 555 0100" />
        {contactChanged && (
          <p className="warning" role="note">
            Email and mobile belong to {party.name}, not to this matter: they change on every matter{' '}
            {party.name} is on. {party.name} is signed out of the client portal, and links already sent stop
            working.
          </p>
        )}
        <ErrorNote message={error} />
        <DialogButtons onCancel={props.onClose}>
          <button type="submit" disabled={busy}>
            Save
          </button>
        </DialogButtons>
      </form>
    </Dialog>
  );
}

/**
 * Remove a party from the matter, saying first what they lose: the conversations they leave and the
 * files shared with them that they can no longer open (their other matters are untouched).
 */
export function RemovePartyDialog(props: {
  matterId: string;
  party: Party;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { party, matterId } = props;
  const { me } = useStaffSession();
  const conversations = useApi('GET /conversations', { query: { matterId, kind: 'external', limit: 100 } });
  const shares = useApi('GET /matters/:id/shares', { params: { id: matterId } });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const theirs = conversations.data?.items.filter((c) =>
    c.participants.some((p) => p.type === 'party' && p.refId === party.id),
  );
  const files = shares.data?.items.filter(
    (s) => s.revokedAt === null && s.recipients.some((r) => r.partyId === party.id),
  );
  const names = [...new Set(files?.map((s) => `the ${s.kind === 'folder' ? 'folder' : 'file'} “${s.name}”`))];

  async function remove() {
    setError(undefined);
    setBusy(true);
    try {
      await api('DELETE /matters/:id/parties/:partyId', { params: { id: matterId, partyId: party.id } });
      props.onRemoved();
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Remove ${party.name} from the matter`} open onClose={props.onClose}>
      {!theirs || !files ? (
        <>
          <ErrorNote message={conversations.error ?? shares.error} />
          {!conversations.error && !shares.error && <Spinner label="Finding what they would lose" />}
        </>
      ) : (
        <>
          <p>{party.name} loses, at once:</p>
          <ul>
            <li>
              {theirs.length === 0
                ? 'No conversations: they are in none on this matter.'
                : `${theirs.length === 1 ? 'The conversation' : `${theirs.length} conversations`}: ${theirs
                    .map((c) => `“${conversationTitle(c, me?.id)}”`)
                    .join(', ')}.`}
            </li>
            <li>
              {names.length === 0
                ? 'No shared files: nothing is shared with them.'
                : `Access to what is shared with them: ${names.join(', ')}.`}
            </li>
            <li>This matter in their client portal. Their other matters stay as they are.</li>
          </ul>
          <p className="muted">
            Messages already sent stay in the matter’s history. You can add them back later.
          </p>
        </>
      )}
      <ErrorNote message={error} />
      <DialogButtons onCancel={props.onClose}>
        <button
          type="button"
          className="danger"
          disabled={busy || !theirs || !files}
          onClick={() => void remove()}
        >
          Remove {party.name}
        </button>
      </DialogButtons>
    </Dialog>
  );
}
