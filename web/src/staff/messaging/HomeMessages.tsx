import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../ui/api';
import type { SearchHit } from '../../ui/api-types';
import { CheckList } from '../../ui/CheckList';
import { Dialog } from '../../ui/Dialog';
import { useStaffRealtime } from '../../ui/realtime';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Field, Skeleton } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { ConversationList, LoadMore } from './ConversationList';
import { ConversationView } from './ConversationView';
import { useConversationPages } from './conversation-pages';
import { useEveryConversation } from './every-conversation';
import { FILTERS, type Filter, filterQuery } from './filters';
import { continuesOrStarts, conversationWithExactly } from './same-people';

/**
 * Search snippets are plain text with hits between the private-use markers U+E000 and U+E001
 * (contracts: SNIPPET_MARK_START/END), never HTML: React escapes the text, the markers become <mark>.
 */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/(\u{E000}[^\u{E001}]*\u{E001})/gu);
  return (
    <span>
      {parts.map((p, i) =>
        p.startsWith('\u{E000}') && p.endsWith('\u{E001}') ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of one string
          <mark key={i}>{p.slice(1, -1)}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of one string
          <span key={i}>{p}</span>
        ),
      )}
    </span>
  );
}

/**
 * Home: every conversation across all matters (filtered by kind or unread, `?show=`), search,
 * channels and DMs; at ≥ 1024 px the open conversation (`/conversations/:id`) beside the list, on a
 * phone one or the other.
 */
export function HomeMessages() {
  const { me } = useStaffSession();
  const { conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const show = (FILTERS.some((f) => f.value === params.get('show')) ? params.get('show') : 'all') as Filter;
  const conversations = useConversationPages(filterQuery(show));
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>();
  const [error, setError] = useState<string>();
  const [dialog, setDialog] = useState<'channel' | 'direct' | null>(null);
  const list = conversations.items;

  useStaffRealtime((e) => {
    if (e.type === 'message.created' || e.type === 'conversation.updated' || e.type === 'message.read') {
      conversations.reload();
    }
  });

  async function search(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    if (!q.trim()) {
      setHits(undefined);
      return;
    }
    try {
      setHits((await api('GET /search', { query: { q } })).items);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const suffix = show === 'all' ? '' : `?show=${show}`;
  return (
    <main className={`two-pane${conversationId ? ' has-open' : ''}`}>
      <div className="pane-list">
        <h1>Messages</h1>
        <search>
          <form className="row" onSubmit={search}>
            <Field label="Search messages" type="search" value={q} onChange={setQ} />
            <div className="field" style={{ flex: '0 0 auto' }}>
              <button type="submit">Search</button>
            </div>
          </form>
        </search>
        <ErrorNote message={error ?? conversations.error} />
        {hits && (
          <section className="card" aria-label="Search results">
            <h2 style={{ marginTop: 0 }}>Results</h2>
            {hits.length === 0 && <p className="muted">Nothing found.</p>}
            <ul className="list">
              {hits.map((h) => (
                <li key={h.messageId}>
                  <Link to={`/conversations/${h.conversationId}`}>
                    <Snippet text={h.snippet} />
                  </Link>
                  {h.matter && <span className="muted">{h.matter.title}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="toolbar">
          <button type="button" className="secondary" onClick={() => setDialog('channel')}>
            New channel
          </button>
          <button type="button" className="secondary" onClick={() => setDialog('direct')}>
            New direct message
          </button>
        </div>
        <fieldset className="filters">
          <legend className="visually-hidden">Show</legend>
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              className="secondary"
              aria-pressed={show === f.value}
              onClick={() => setParams(f.value === 'all' ? {} : { show: f.value }, { replace: true })}
            >
              {f.label}
            </button>
          ))}
        </fieldset>
        <section className="card" aria-label="Conversation list">
          {!list ? (
            conversations.error ? null : (
              <Skeleton label="Loading conversations" rows={4} />
            )
          ) : (
            <ConversationList
              items={list}
              meId={me?.id}
              showMatter
              openId={conversationId}
              hrefFor={(c) => `/conversations/${c.id}${suffix}`}
              emptyText={show === 'all' ? 'No conversations yet.' : 'None of these right now.'}
              emptyHint={
                show === 'all'
                  ? "Start one from a matter's Messages tab, or with New channel or New direct message above."
                  : 'Choose All to see every conversation.'
              }
            />
          )}
          <LoadMore more={conversations.more} />
        </section>
        {dialog && <NewStaffConversation kind={dialog} onClose={() => setDialog(null)} />}
      </div>
      <div className="pane-thread">
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} backTo={`/${suffix}`} />
        ) : (
          <p className="empty pane-empty">Choose a conversation to read it here.</p>
        )}
      </div>
    </main>
  );
}

function NewStaffConversation({ kind, onClose }: { kind: 'channel' | 'direct'; onClose: () => void }) {
  const { me } = useStaffSession();
  const { data: staff } = useApi('GET /staff', { query: { limit: 200 } });
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const navigate = useNavigate();
  // A direct message with exactly these people continues, as the matter's + does.
  const directs = useEveryConversation(kind === 'direct' ? { kind: 'direct' } : null);
  const existing =
    kind === 'direct' && directs.data && me && chosen.size > 0
      ? conversationWithExactly(directs.data, 'direct', { meId: me.id, partyIds: [], staffIds: chosen })
      : undefined;
  async function create(e: FormEvent) {
    e.preventDefault();
    if (existing) {
      navigate(`/conversations/${existing.id}`);
      onClose();
      return;
    }
    try {
      const c = await api('POST /conversations', {
        body: kind === 'channel' ? { kind, title, staffIds: [...chosen] } : { kind, staffIds: [...chosen] },
      });
      navigate(`/conversations/${c.id}`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Dialog title={kind === 'channel' ? 'New channel' : 'New direct message'} open onClose={onClose}>
      <form onSubmit={create}>
        {kind === 'channel' && (
          <Field label="Channel name" value={title} onChange={setTitle} required autoFocus />
        )}
        <CheckList
          legend={kind === 'channel' ? 'Invite staff (anyone may join later)' : 'With'}
          items={(staff?.items ?? [])
            .filter((s) => s.active && s.id !== me?.id)
            .map((s) => ({ id: s.id, label: s.name }))}
          chosen={chosen}
          onChange={setChosen}
        />
        {kind === 'direct' && me && chosen.size > 0 && (
          <p className="compose-note" role="status">
            {directs.error
              ? `Could not look for a direct message with these people: ${directs.error}`
              : directs.data
                ? continuesOrStarts('direct', existing, me.id)
                : 'Looking for a direct message with these people…'}
          </p>
        )}
        <ErrorNote message={error} />
        <button type="submit" disabled={kind === 'direct' && !directs.data && !directs.error}>
          {existing ? 'Open it' : 'Create'}
        </button>
      </form>
    </Dialog>
  );
}
