import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../ui/api';
import type { Message } from '../../ui/api-types';
import { fetchMessagesAfter, mergeMessages } from '../../ui/message-pages';
import { useStaffRealtime } from '../../ui/realtime';
import { useApi } from '../../ui/use-api';
import { PagePending, Spinner } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { Composer } from './Composer';
import { conversationTitle } from './conversation-title';
import { MessageItem } from './MessageItem';
import { Participants } from './Participants';

export function ConversationView() {
  const { conversationId = '' } = useParams();
  const { me } = useStaffSession();
  const {
    data: conversation,
    error,
    reload: reloadConversation,
  } = useApi('GET /conversations/:id', { params: { id: conversationId } });
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);
  const lastSeq = useRef(0);
  const bottom = useRef<HTMLDivElement>(null);

  const catchUp = useCallback(
    async (after: number) => {
      const fresh = await fetchMessagesAfter(conversationId, after);
      setMessages((m) => mergeMessages(m, fresh));
    },
    [conversationId],
  );

  useEffect(() => {
    setMessages([]);
    setLoaded(false);
    void fetchMessagesAfter(conversationId, 0).then((m) => {
      setMessages(m);
      setLoaded(true);
    });
  }, [conversationId]);

  useEffect(() => {
    const last = messages.at(-1)?.seq ?? 0;
    if (last > lastSeq.current) {
      lastSeq.current = last;
      bottom.current?.scrollIntoView({ block: 'end' });
      if (document.visibilityState === 'visible') {
        void api('POST /conversations/:id/read', {
          params: { id: conversationId },
          body: { seq: last },
        }).catch(() => {});
      }
    }
  }, [messages, conversationId]);

  useStaffRealtime(
    (event) => {
      if (event.type === 'ready' || event.conversationId !== conversationId) return;
      if (event.type === 'message.created') setMessages((m) => mergeMessages(m, [event.message]));
      // Receipts, delivery status and revoked shares: refresh the recent messages.
      if (
        event.type === 'message.read' ||
        event.type === 'delivery.updated' ||
        event.type === 'share.revoked'
      ) {
        void catchUp(Math.max(0, lastSeq.current - 50));
      }
      if (event.type === 'conversation.updated') reloadConversation();
    },
    () => void catchUp(lastSeq.current),
  );

  if (error || !conversation) return <PagePending error={error} />;
  return (
    <main>
      <h1>
        {conversationTitle(conversation, me?.id)} <span className="tag">{conversation.kind}</span>
      </h1>
      {conversation.matter && (
        <p>
          Matter: <Link to={`/matters/${conversation.matter.id}`}>{conversation.matter.title}</Link>
        </p>
      )}
      <Participants conversation={conversation} onChanged={reloadConversation} />
      {!loaded ? <Spinner /> : null}
      <ol className="messages" aria-label="Messages" aria-live="polite">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} meId={me?.id} participants={conversation.participants} />
        ))}
      </ol>
      <div ref={bottom} />
      <Composer
        target={{
          to: 'conversation',
          conversationId: conversation.id,
          external: conversation.kind === 'external',
          matterId: conversation.matter?.id ?? null,
        }}
        onSent={(m) => setMessages((list) => mergeMessages(list, [m]))}
      />
    </main>
  );
}
