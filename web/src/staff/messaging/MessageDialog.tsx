import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { Composer } from './Composer';
import { useEveryConversation } from './every-conversation';
import { RecipientPicker } from './RecipientPicker';
import { continuesOrStarts, conversationWithExactly } from './same-people';

/**
 * The matter's Message button and its Messages tab's + External / + Internal (`kind`): pick the
 * people, then compose. Sending to exactly the people of one of the matter's conversations continues
 * it, else starts one (`POST /matters/:id/messages`); the dialog says which before Send.
 */
export function MessageDialog({
  matterId,
  kind,
  onClose,
}: {
  matterId: string;
  /** + External (parties needed) or + Internal (staff only); unset: the people chosen decide. */
  kind?: 'external' | 'internal';
  onClose: () => void;
}) {
  const { me } = useStaffSession();
  const [parties, setParties] = useState<Set<string>>(new Set());
  const [staff, setStaff] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  // Every conversation of the matter (all pages), not only the latest: the one with these people may be old.
  const { data: conversations, error: lookupError } = useEveryConversation({ matterId });
  const navigate = useNavigate();
  const willBe = parties.size > 0 ? 'external' : 'internal';
  const needsParty = kind === 'external' && parties.size === 0;
  const existing =
    conversations && me
      ? conversationWithExactly(conversations, willBe, {
          meId: me.id,
          partyIds: parties,
          staffIds: staff,
        })
      : undefined;
  const matterPath = (id: string) => `/matters/${matterId}/conversations/${id}`;
  return (
    <Dialog
      title={
        kind === 'external'
          ? 'External conversation'
          : kind === 'internal'
            ? 'Internal conversation'
            : 'New message'
      }
      open
      onClose={onClose}
      wide
    >
      <RecipientPicker
        matterId={matterId}
        parties={kind !== 'internal'}
        chosenParties={parties}
        chosenStaff={staff}
        onChange={(p, s) => {
          setParties(p);
          setStaff(s);
        }}
      />
      <p className={`compose-note ${willBe}`} role="status">
        {needsParty
          ? 'Choose at least one party: an external conversation is with the parties.'
          : lookupError
            ? `Could not look for a conversation with these people: ${lookupError}`
            : !conversations || !me
              ? 'Looking for a conversation with these people…'
              : continuesOrStarts(willBe, existing, me.id)}{' '}
        {existing && !needsParty && (
          <Link to={matterPath(existing.id)} onClick={onClose}>
            Open it
          </Link>
        )}
      </p>
      {!existing && !needsParty && <Field label="Title (optional)" value={title} onChange={setTitle} />}
      <Composer
        target={{
          to: 'matter',
          matterId,
          partyIds: [...parties],
          staffIds: [...staff],
          external: willBe === 'external',
          ...(!existing && title.trim() ? { title: title.trim() } : {}),
        }}
        hold={needsParty}
        onSent={(_message, conversation) => {
          if (conversation) navigate(matterPath(conversation.id));
          onClose();
        }}
      />
    </Dialog>
  );
}
