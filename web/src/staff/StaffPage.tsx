import { type FormEvent, useId, useState } from 'react';
import { api, errorMessage } from '../ui/api';
import type { StaffMember } from '../ui/api-types';
import { Dialog } from '../ui/Dialog';
import { useApi } from '../ui/use-api';
import { ErrorNote, Field, Spinner, Toggle } from '../ui/widgets';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { StaffSessionsDialog } from './StaffSessions';
import { useStaffSession } from './session';

/**
 * The firm's staff (`GET /staff`); admins also add people, change roles, deactivate, reset a
 * forgotten password or a lost authenticator app, and require an authenticator app firm-wide.
 */
export function StaffPage() {
  const { me, refresh } = useStaffSession();
  const isAdmin = me?.role === 'admin';
  const list = useApi('GET /staff', { query: { limit: 200 } });
  const firm = useApi('GET /firm');
  const [error, setError] = useState<string>();
  const [resetting, setResetting] = useState<StaffMember>();
  const [passwordFor, setPasswordFor] = useState<StaffMember>();
  const [sessionsOf, setSessionsOf] = useState<StaffMember>();

  async function change(request: () => Promise<unknown>) {
    setError(undefined);
    try {
      await request();
      list.reload();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  }

  async function requireTotp(on: boolean) {
    setError(undefined);
    try {
      firm.setData(await api('PATCH /firm', { body: { requireStaffTotp: on } }));
      // Turning it on may hold the admin to enrolment too: the session says so.
      await refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <main>
      <h1>Staff</h1>
      {isAdmin && firm.data && (
        <section className="card" aria-label="Firm security">
          <Toggle
            label="Require an authenticator app to sign in"
            checked={firm.data.requireStaffTotp}
            onChange={(on) => void requireTotp(on)}
          />
          <p className="muted">
            Everyone without one, you included, sets one up before they can do anything else.
          </p>
        </section>
      )}
      {isAdmin && <AddStaff onAdded={list.reload} />}
      <section className="card" aria-label="Staff list">
        <ErrorNote message={list.error ?? error} />
        {list.loading && !list.data ? <Spinner /> : null}
        <ul className="list">
          {list.data?.items.map((s) => (
            <li key={s.id} className="staff-row">
              <span className="grow">
                <strong>{s.name}</strong>
                <br />
                <span className="muted">{s.email}</span>
              </span>
              <span className="tag">{s.role === 'admin' ? 'Admin' : 'Staff'}</span>
              {!s.active && <span className="tag">Deactivated</span>}
              <span className="tag">{s.totpEnabled ? 'Authenticator on' : 'No authenticator'}</span>
              {isAdmin && s.id !== me?.id && (
                <span className="actions">
                  <RowAction
                    label={s.role === 'admin' ? 'Make staff' : 'Make admin'}
                    person={s.name}
                    onClick={() =>
                      void change(() =>
                        api('PATCH /staff/:id', {
                          params: { id: s.id },
                          body: { role: s.role === 'admin' ? 'staff' : 'admin' },
                        }),
                      )
                    }
                  />
                  <RowAction
                    label={s.active ? 'Deactivate' : 'Reactivate'}
                    person={s.name}
                    onClick={() =>
                      void change(() =>
                        api('PATCH /staff/:id', { params: { id: s.id }, body: { active: !s.active } }),
                      )
                    }
                  />
                  <RowAction label="Reset password" person={s.name} onClick={() => setPasswordFor(s)} />
                  <RowAction label="Sessions" person={s.name} onClick={() => setSessionsOf(s)} />
                  {s.totpEnabled && (
                    <RowAction label="Reset authenticator" person={s.name} onClick={() => setResetting(s)} />
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <ResetPasswordDialog person={passwordFor} onClose={() => setPasswordFor(undefined)} />
      <StaffSessionsDialog person={sessionsOf} onClose={() => setSessionsOf(undefined)} />
      <Dialog
        title="Reset authenticator app"
        open={resetting !== undefined}
        onClose={() => setResetting(undefined)}
      >
        {resetting && (
          <>
            <p>
              {resetting.name} will be signed out everywhere, sign in again with their password, and set up a
              new authenticator app. Do this only when you know it is really them asking.
            </p>
            <div className="row">
              <button
                type="button"
                onClick={() =>
                  void change(() => api('DELETE /staff/:id/totp', { params: { id: resetting.id } })).then(
                    (ok) => ok && setResetting(undefined),
                  )
                }
              >
                Reset authenticator
              </button>
              <button type="button" className="secondary" onClick={() => setResetting(undefined)}>
                Cancel
              </button>
            </div>
          </>
        )}
      </Dialog>
    </main>
  );
}

/** A button on a person's row: "Deactivate", read out as "Deactivate: Bob Barrister". */
function RowAction(props: { label: string; person: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="secondary"
      aria-label={`${props.label}: ${props.person}`}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

function AddStaff({ onAdded }: { onAdded: () => void }) {
  const roleId = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'staff' | 'admin'>('staff');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<{ name: string; initialPassword?: string }>();

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await api('POST /staff', {
        body: { name, email, role, ...(password ? { password } : {}) },
      });
      setAdded({
        name: created.name,
        ...(created.initialPassword ? { initialPassword: created.initialPassword } : {}),
      });
      setName('');
      setEmail('');
      setPassword('');
      onAdded();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="card" onSubmit={add} aria-label="Add a staff member">
      <h2 style={{ marginTop: 0 }}>Add a staff member</h2>
      <div className="row">
        <Field label="Name" value={name} onChange={setName} required />
        <Field label="Email" type="email" value={email} onChange={setEmail} required />
        <div className="field" style={{ flex: '0 0 auto' }}>
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'staff')}
          >
            <option value="staff">Staff</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <Field
          label="Password (empty: one is made)"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
        />
        <div className="field" style={{ flex: '0 0 auto' }}>
          <button type="submit">Add</button>
        </div>
      </div>
      <ErrorNote message={error} />
      {added && (
        <p role="status">
          {added.name} can sign in now
          {added.initialPassword ? (
            <>
              {' '}
              with this password, shown only this once: <code>{added.initialPassword}</code>
            </>
          ) : (
            ' with the password you chose.'
          )}
        </p>
      )}
    </form>
  );
}
