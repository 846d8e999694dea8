import { useState } from 'react';
import { useStaffRealtime } from '../../ui/realtime';
import { ErrorNote, Skeleton } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { ConversationList, LoadMore } from './ConversationList';
import { ConversationView } from './ConversationView';
import { useConversationPages } from './conversation-pages';
import { MessageDialog } from './MessageDialog';

/**
 * The matter's Messages tab: External and Internal conversation lists, each with + to write to people
 * (continuing their conversation if they have one, `MessageDialog`), and
 * the open conversation (`/matters/:id/conversations/:conversationId`) beside them from 1024 px.
 */
export function MatterMessages({ matterId, conversationId }: { matterId: string; conversationId?: string }) {
  const { me } = useStaffSession();
  const external = useConversationPages({ matterId, kind: 'external' }, 100);
  const internal = useConversationPages({ matterId, kind: 'internal' }, 100);
  const [creating, setCreating] = useState<'external' | 'internal' | null>(null);
  useStaffRealtime((e) => {
    if (e.type === 'message.created' || e.type === 'conversation.updated' || e.type === 'message.read') {
      external.reload();
      internal.reload();
    }
  });
  const base = `/matters/${matterId}`;
  return (
    <>
      {/* Not inside the list pane, which a phone hides while a conversation is open. */}
      {creating && <MessageDialog matterId={matterId} kind={creating} onClose={() => setCreating(null)} />}
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
                    aria-label={`Start or continue an ${kind} conversation`}
                    onClick={() => setCreating(kind)}
                  >
                    +
                  </button>
                </div>
                <ErrorNote message={list.error} />
                {!list.items && !list.error && <Skeleton label={`Loading ${kind} conversations`} rows={2} />}
                {list.items && (
                  <ConversationList
                    items={list.items}
                    meId={me?.id}
                    openId={conversationId}
                    label={kind === 'external' ? 'External conversations' : 'Internal conversations'}
                    emptyText={`No ${kind} conversations yet.`}
                    emptyHint={
                      kind === 'external'
                        ? '+ starts one with the parties of this matter.'
                        : '+ starts one with staff only.'
                    }
                    hrefFor={(c) => `${base}/conversations/${c.id}`}
                  />
                )}
                <LoadMore more={list.more} />
              </section>
            );
          })}
        </div>
        <div className="pane-thread">
          {conversationId ? (
            <ConversationView key={conversationId} conversationId={conversationId} backTo={base} />
          ) : (
            <p className="empty pane-empty">Choose a conversation to read it here.</p>
          )}
        </div>
      </div>
    </>
  );
}
