import { useState } from 'react';

/** The draft of a conversation's reply box, kept in this browser across reloads (staff and portal). */
export const draftKey = (conversationId: string) => `parley.draft.${conversationId}`;

/**
 * The text of a reply box, kept per conversation in localStorage until it is sent (set to ''):
 * a reload, a crash or an ended session loses nothing typed. `null`: not kept (a new conversation).
 */
export function useDraft(conversationId: string | null): [string, (text: string) => void] {
  const key = conversationId ? draftKey(conversationId) : null;
  const [body, setBodyState] = useState(() => (key ? (localStorage.getItem(key) ?? '') : ''));
  const setBody = (text: string) => {
    setBodyState(text);
    if (!key) return;
    try {
      if (text) localStorage.setItem(key, text);
      else localStorage.removeItem(key);
    } catch {
      // Storage full or refused (private mode): the text stays on the page.
    }
  };
  return [body, setBody];
}
