import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../ui/api';
import type { PortalMessage } from '../ui/api-types';
import { fetchPortalMessagesAfter, mergeMessages } from '../ui/message-pages';
import { portalErrorMessage } from './i18n/errors';

/** How many messages a page of the portal thread holds: the newest first, earlier ones on demand. */
export const THREAD_PAGE = 20;

export type ThreadState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; messages: PortalMessage[] };

/** The DOM id of a message of the thread: where the reader's place is measured. */
export const messageDomId = (id: string) => `message-${id}`;

/**
 * The portal thread of one conversation: it loads the newest page, earlier pages on demand, and
 * keeps the reader's place on the screen (once `shown`: what is above the thread has its height). A message named by `keepPlace` stays where it is while
 * messages are added above it or it grows (unlocked); the first page opens at the newest message.
 */
export function usePortalThread(conversationId: string, shown: boolean) {
  const [state, setState] = useState<ThreadState>({ status: 'loading' });
  const [earlier, setEarlier] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const place = useRef<{ id: string; top: number } | 'bottom' | null>('bottom');
  const focus = useRef<string | null>(null);
  const messages = state.status === 'ready' ? state.messages : undefined;

  const keepPlace = useCallback((id: string) => {
    const el = document.getElementById(messageDomId(id));
    if (el) place.current = { id, top: el.getBoundingClientRect().top };
  }, []);
  /** After the next render, the focus goes to this message (without scrolling). */
  const focusOn = useCallback((id: string) => {
    focus.current = id;
  }, []);
  const toNewest = useCallback(() => {
    place.current = 'bottom';
  }, []);

  useLayoutEffect(() => {
    const p = place.current;
    const f = focus.current;
    if (!messages || !shown) return;
    if (f) {
      focus.current = null;
      document.getElementById(messageDomId(f))?.focus({ preventScroll: true });
    }
    if (!p) return;
    place.current = null;
    if (p === 'bottom') {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return;
    }
    const el = document.getElementById(messageDomId(p.id));
    if (el) window.scrollBy(0, el.getBoundingClientRect().top - p.top);
  }, [messages, shown]);

  const attempt = useRef(0);
  const load = useCallback(async () => {
    const mine = ++attempt.current; // only the latest load answers
    setState({ status: 'loading' });
    place.current = 'bottom';
    try {
      const page = await api('GET /portal/conversations/:id/messages', {
        params: { id: conversationId },
        query: { limit: THREAD_PAGE },
      });
      if (mine === attempt.current) setState({ status: 'ready', messages: page.items });
    } catch (err) {
      if (mine === attempt.current) setState({ status: 'error', message: portalErrorMessage(err) });
    }
  }, [conversationId]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Everything from the first loaded message on, again (after a step-up, a revoke, a reconnect). */
  const refresh = useCallback(async () => {
    const first = messages?.[0]?.seq;
    if (first === undefined) return load();
    const fresh = await fetchPortalMessagesAfter(conversationId, first - 1);
    setState({ status: 'ready', messages: fresh });
  }, [conversationId, load, messages]);

  /** The page before the first loaded message; the message that was first stays where it was. */
  const loadEarlier = useCallback(async () => {
    const first = messages?.[0];
    if (!first) return;
    setEarlier({ busy: true });
    try {
      const page = await api('GET /portal/conversations/:id/messages', {
        params: { id: conversationId },
        query: { before: first.seq, limit: THREAD_PAGE },
      });
      keepPlace(first.id);
      // The button goes with the first message: the reader goes on from the one just above.
      const last = page.items.at(-1);
      if (last && (page.items[0]?.seq ?? 1) <= 1) focusOn(last.id);
      setState((s) => (s.status === 'ready' ? { ...s, messages: mergeMessages(s.messages, page.items) } : s));
      setEarlier({ busy: false });
    } catch (err) {
      setEarlier({ busy: false, error: portalErrorMessage(err) });
    }
  }, [conversationId, keepPlace, focusOn, messages]);

  /** A new message (sent here or arriving live); the newest stays in view if the reader was there. */
  const add = useCallback(
    (m: PortalMessage, follow: boolean) => {
      if (follow) toNewest();
      setState((s) => (s.status === 'ready' ? { ...s, messages: mergeMessages(s.messages, [m]) } : s));
    },
    [toNewest],
  );

  return {
    state,
    hasEarlier: (messages?.[0]?.seq ?? 1) > 1,
    earlier,
    load,
    refresh,
    loadEarlier,
    keepPlace,
    focusOn,
    add,
  };
}

/** The reader is at (or near) the end of the page: new messages should keep the newest in view. */
export const atNewest = () =>
  window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
