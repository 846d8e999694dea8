import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import { api } from '../ui/api';
import type { PortalConversation as Conversation } from '../ui/api-types';
import { useMediaQuery } from '../ui/media';
import { usePortalRealtime } from '../ui/realtime';
import { LoadError, Spinner } from '../ui/widgets';
import { usePortalPage } from './branding';
import { ConversationList } from './home-lists';
import { usePortalInbox } from './inbox';
import { PortalReply } from './PortalReply';
import { PortalThreadMessage } from './PortalThreadMessage';
import { atNewest, usePortalThread } from './thread';
import { AttachmentViewer } from './viewer/PortalViewers';
import './conversation.css';

/**
 * One conversation in the portal: the matter and the people, the thread opened at the newest message
 * (earlier ones on demand, the reader's place kept), protected messages unlocked in place, a reply box.
 * From 1024 px the client's conversations stand beside it (the home page's list, the open one
 * marked); on a phone the page is one column and the list is on the home page only.
 */
export function PortalConversation() {
  const { conversationId = '' } = useParams();
  const inbox = usePortalInbox();
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 1024px)');
  return (
    <main className="portal-conversation">
      <div className="convo-wide">
        {wide && (
          <nav className="card convo-side" aria-labelledby="convo-side-title">
            <h2 id="convo-side-title">{t('conversation.yourConversations')}</h2>
            <ConversationList
              items={inbox?.conversations?.items}
              error={inbox?.error}
              onRetry={() => inbox?.reload()}
              current={conversationId}
            />
          </nav>
        )}
        {/* A fresh pane per conversation: its thread, its read mark, its own draft and files. */}
        <ConversationPane key={conversationId} conversationId={conversationId} />
      </div>
    </main>
  );
}

function ConversationPane({ conversationId }: { conversationId: string }) {
  const inbox = usePortalInbox();
  const conversation = inbox?.conversations?.items.find((c) => c.id === conversationId);
  const { t } = useTranslation();
  const title = conversation?.title ?? conversation?.matter.title ?? t('conversation.fallbackTitle');
  usePortalPage(title, conversation?.firm.id);
  const firmName = conversation?.firm.name;
  // The thread shows once the header knows the people: opened at the newest, it then stays there.
  const headerKnown = !inbox || inbox.conversations !== undefined || inbox.error !== undefined;
  const thread = usePortalThread(conversationId, headerKnown);
  const { state, refresh, add, keepPlace, focusOn } = thread;
  const messages = state.status === 'ready' && headerKnown ? state.messages : undefined;
  const reloadInbox = inbox?.reload;
  const lastRead = useRef(0);

  useEffect(() => {
    const last = messages?.at(-1)?.seq ?? 0;
    if (last > lastRead.current) {
      lastRead.current = last;
      void api('POST /portal/conversations/:id/read', { params: { id: conversationId }, body: { seq: last } })
        .then(() => reloadInbox?.()) // the unread count in the tab title
        .catch(() => {});
    }
  }, [messages, conversationId, reloadInbox]);

  usePortalRealtime(
    (e) => {
      if (e.type === 'ready' || e.conversationId !== conversationId) return;
      if (e.type === 'message.created') add(e.message, atNewest());
      if (e.type === 'share.revoked') void refresh().catch(() => {});
    },
    () => void refresh().catch(() => {}),
  );

  async function unlocked(messageId: string) {
    keepPlace(messageId);
    focusOn(messageId);
    await refresh().catch(() => {});
  }

  return (
    <div className="convo-main">
      <p className="crumb">
        <Link to="/portal">{t('conversation.allConversations')}</Link>
      </p>
      <div className="convo-layout">
        <About conversation={conversation} title={title} />
        <section className="convo-thread" aria-label={t('conversation.thread')}>
          {(state.status === 'loading' || (state.status === 'ready' && !headerKnown)) && (
            <div className="convo-state">
              <Spinner label={t('conversation.loading')} />
            </div>
          )}
          {state.status === 'error' && (
            <LoadError
              level={2}
              title={t('conversation.loadFailed')}
              message={state.message}
              retryLabel={t('common.tryAgain')}
              onRetry={() => void thread.load()}
            />
          )}
          {messages && messages.length === 0 && (
            <div className="card convo-state">
              <h2>{t('conversation.emptyTitle')}</h2>
              <p>{t('conversation.emptyText', { firm: firmName ?? t('conversation.yourLawyer') })}</p>
            </div>
          )}
          {messages && messages.length > 0 && (
            <>
              {thread.hasEarlier && (
                <div className="convo-earlier">
                  <button
                    type="button"
                    className="secondary"
                    disabled={thread.earlier.busy}
                    onClick={() => void thread.loadEarlier()}
                  >
                    {thread.earlier.busy ? t('conversation.loadingEarlier') : t('conversation.showEarlier')}
                  </button>
                  {thread.earlier.error && (
                    <p className="error" role="alert">
                      {t('conversation.earlierFailed', { error: thread.earlier.error })}
                    </p>
                  )}
                </div>
              )}
              <ol className="messages" aria-label={t('conversation.messages')}>
                {messages.map((m) => (
                  <PortalThreadMessage
                    key={m.id}
                    message={m}
                    firmName={firmName}
                    onUnlocked={(id) => void unlocked(id)}
                  />
                ))}
              </ol>
            </>
          )}
          {messages && <PortalReply conversationId={conversationId} onSent={(m) => add(m, true)} />}
        </section>
      </div>
      <Routes>
        <Route
          path="files/:attachmentId"
          element={
            <AttachmentViewer
              conversationId={conversationId}
              messages={state.status === 'ready' ? state.messages : undefined}
              onUnlocked={() => void refresh().catch(() => {})}
            />
          }
        />
      </Routes>
    </div>
  );
}

/** The matter and the people of the conversation: staff with their firm, the other parties by name. */
function About({ conversation, title }: { conversation: Conversation | undefined; title: string }) {
  const matter = conversation?.matter.title;
  const firm = conversation?.firm.name;
  const { t } = useTranslation();
  return (
    <>
      <div className="convo-title">
        <h1>{title}</h1>
        {matter && matter !== title && <p className="convo-matter">{t('conversation.matter', { matter })}</p>}
        {matter && matter === title && firm && (
          <p className="convo-matter">{t('conversation.matterWith', { firm })}</p>
        )}
      </div>
      {conversation && (
        <section className="convo-about" aria-label={t('conversation.about')}>
          <h2 className="convo-people-title">{t('conversation.people')}</h2>
          <ul className="convo-people">
            {conversation.people.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two people may share a name
              <li key={i}>
                <strong>{p.name}</strong>
                {p.type === 'staff' && <span className="muted"> · {firm}</span>}
              </li>
            ))}
            <li>
              <strong>{t('conversation.you')}</strong>
            </li>
          </ul>
        </section>
      )}
    </>
  );
}
