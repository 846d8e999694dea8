import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../ui/api';
import type { Message, Notice } from '../../ui/api-types';
import { formatTime } from '../../ui/format';
import { fetchMessagesAfter, mergeMessages } from '../../ui/message-pages';
import { useStaffRealtime } from '../../ui/realtime';
import { useApi } from '../../ui/use-api';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { Composer } from './Composer';
import { conversationTitle } from './conversation-title';
import { MessageItem } from './MessageItem';
import { Participants } from './Participants';

/**
 * One conversation's thread (participants, messages, composer), shown beside the list at ≥ 1024 px
 * and alone on a phone, where `backTo` leads back to the list.
 */
export function ConversationView({ conversationId, backTo }: { conversationId: string; backTo?: string }) {
  const { me } = useStaffSession();
  const {
    data: conversation,
    error,
    reload: reloadConversation,
  } = useApi('GET /conversations/:id', { params: { id: conversationId } });
  const { data: notices, reload: reloadNotices } = useApi('GET /conversations/:id/notices', {
    params: { id: conversationId },
  });
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);
  const lastSeq = useRef(0);
  const bottom = useRef<HTMLDivElement>(null);
  // Files dropped anywhere on the thread are attached by its composer.
  const area = useRef<HTMLElement>(null);

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
      if (event.type === 'conversation.updated') {
        reloadConversation();
        reloadNotices();
      }
    },
    () => void catchUp(lastSeq.current),
  );

  if (error || !conversation)
    return (
      <section className="thread" aria-label="Conversation">
        {error ? (
          <ErrorNote message={error} />
        ) : (
          <Skeleton label="Loading the conversation" kind="messages" />
        )}
      </section>
    );
  return (
    <section className="thread" aria-labelledby={`thread-${conversation.id}`} ref={area}>
      {backTo && (
        <Link className="back-to-list" to={backTo}>
          ← All conversations
        </Link>
      )}
      <h2 id={`thread-${conversation.id}`} className="thread-title">
        {conversationTitle(conversation, me?.id)} <span className="tag">{conversation.kind}</span>
      </h2>
      {conversation.matter && (
        <p>
          Matter: <Link to={`/matters/${conversation.matter.id}`}>{conversation.matter.title}</Link>
        </p>
      )}
      <Participants conversation={conversation} onChanged={reloadConversation} />
      {!loaded && <Skeleton label="Loading messages" kind="messages" />}
      {loaded && messages.length === 0 && (notices?.items.length ?? 0) === 0 && (
        <EmptyState title="No messages yet.">
          {conversation.kind === 'external'
            ? 'Write the first one below: the parties in this conversation will see it.'
            : 'Write the first one below: only staff see it.'}
        </EmptyState>
      )}
      <ol className="messages" aria-label="Messages" aria-live="polite">
        {timeline(messages, notices?.items ?? []).map((item) =>
          'seq' in item ? (
            <MessageItem
              key={item.id}
              message={item}
              meId={me?.id}
              participants={conversation.participants}
            />
          ) : (
            <NoticeItem key={item.id} notice={item} />
          ),
        )}
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
        dropArea={area}
      />
    </section>
  );
}

/** Messages and staff-only notices in time order (a notice sits after the messages before it). */
function timeline(messages: Message[], notices: Notice[]): (Message | Notice)[] {
  if (notices.length === 0) return messages;
  const items: (Message | Notice)[] = [...messages];
  for (const notice of notices) {
    const at = items.findIndex((m) => m.createdAt > notice.createdAt);
    items.splice(at === -1 ? items.length : at, 0, notice);
  }
  return items;
}

/** A line only staff see, e.g. "Dana Doe's email changed by Carol (was …, now …)". */
function NoticeItem({ notice }: { notice: Notice }) {
  return (
    <li className="notice">
      <span className="tag">Staff only</span> {notice.text}{' '}
      <time dateTime={notice.createdAt}>{formatTime(notice.createdAt)}</time>
    </li>
  );
}
