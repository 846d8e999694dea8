import { useMemo } from 'react';
import { api } from '../ui/api';
import { Dialog } from '../ui/Dialog';
import { formatTime } from '../ui/format';
import { type SessionActions, SessionList, type SessionTexts } from '../ui/SessionList';

const texts: SessionTexts = {
  heading: 'Sessions',
  intro: 'Where you are signed in. End any session you do not recognise: it is signed out at once.',
  loading: 'Loading sessions',
  loadFailed: 'Sessions could not be loaded',
  retry: 'Try again',
  device: (browser, os) =>
    browser && os ? `${browser} on ${os}` : (browser ?? (os ? `A browser on ${os}` : 'Unknown browser')),
  thisOne: 'This session',
  ip: (ip) => `IP ${ip}`,
  signedIn: (when) => `signed in ${when}`,
  lastSeen: (when) => `last seen ${when}`,
  end: 'End',
  endLabel: (device) => `End the session on ${device}`,
  endOthers: 'End all other sessions',
  onlyThisOne: 'You are signed in nowhere else.',
  none: 'No sessions.',
  ended: 'That session is ended.',
  endedOthers: 'Ended.',
};

/** The staff member's own Sessions section, on the Security page beside Change password. */
export function MySessions() {
  const actions = useMemo<SessionActions>(
    () => ({
      list: () => api('GET /me/sessions'),
      endOne: (id) => api('DELETE /me/sessions/:id', { params: { id } }),
      endOthers: () => api('DELETE /me/sessions', { query: { others: 'true' } }),
    }),
    [],
  );
  return <SessionList texts={texts} actions={actions} formatTime={(iso) => formatTime(iso)} />;
}

/** An admin's view of a staff member's sessions (from the Staff page): see them, end them all. */
export function StaffSessionsDialog({
  person,
  onClose,
}: {
  person: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const actions = useMemo<SessionActions | undefined>(
    () =>
      person && {
        list: () => api('GET /staff/:id/sessions', { params: { id: person.id } }),
        endAll: () => api('DELETE /staff/:id/sessions', { params: { id: person.id } }),
        endAllLabel: `End all of ${person.name}’s sessions`,
      },
    [person],
  );
  return (
    <Dialog
      title={person ? `${person.name}: sessions` : 'Sessions'}
      open={person !== undefined}
      onClose={onClose}
      wide
    >
      {person && actions && (
        <SessionList
          level={3}
          bare
          texts={{
            ...texts,
            intro: `Where ${person.name} is signed in. Ending signs them out at once, on every device.`,
            none: `${person.name} is not signed in anywhere.`,
            endedOthers: `${person.name} is signed out everywhere.`,
          }}
          actions={actions}
          formatTime={(iso) => formatTime(iso)}
        />
      )}
      <div className="toolbar">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
