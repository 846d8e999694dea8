import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../ui/Dialog';
import { Composer } from './Composer';
import { RecipientPicker } from './MatterMessages';

/** The matter's Message button: pick recipients from Parties or Staff, then compose. */
export function MessageDialog({ matterId, onClose }: { matterId: string; onClose: () => void }) {
  const [parties, setParties] = useState<Set<string>>(new Set());
  const [staff, setStaff] = useState<Set<string>>(new Set());
  const navigate = useNavigate();
  return (
    <Dialog title="New message" open onClose={onClose} wide>
      <RecipientPicker
        matterId={matterId}
        parties
        chosenParties={parties}
        chosenStaff={staff}
        onChange={(p, s) => {
          setParties(p);
          setStaff(s);
        }}
      />
      <Composer
        target={{
          to: 'matter',
          matterId,
          partyIds: [...parties],
          staffIds: [...staff],
          external: parties.size > 0,
        }}
        onSent={(_message, conversation) => {
          if (conversation) navigate(`/conversations/${conversation.id}`);
          onClose();
        }}
      />
    </Dialog>
  );
}
