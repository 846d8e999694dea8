import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { Conversation, ConversationKind } from '../../ui/api-types';

/**
 * EVERY conversation of a matter (or of a kind) the caller sees, paged through `GET /conversations`
 * (200 a page, `nextCursor` until null): what "Continues the … conversation" is decided from, so a
 * matter with more conversations than one page still finds the one with the same people.
 * `data` is undefined until the last page is in.
 */
export function useEveryConversation(query: { matterId?: string; kind?: ConversationKind } | null): {
  data?: Conversation[];
  error?: string;
} {
  const key = query ? `${query.matterId ?? ''}|${query.kind ?? ''}` : null;
  const [state, setState] = useState<{ key: string; data?: Conversation[]; error?: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when to load; query is read with it
  useEffect(() => {
    if (key === null || !query) return;
    const controller = new AbortController();
    void (async () => {
      const all: Conversation[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await api('GET /conversations', {
            query: { ...query, limit: 200, ...(cursor ? { cursor } : {}) },
            signal: controller.signal,
          });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && !controller.signal.aborted);
        if (!controller.signal.aborted) setState({ key, data: all });
      } catch (err) {
        if (!controller.signal.aborted) setState({ key, error: errorMessage(err) });
      }
    })();
    return () => controller.abort();
  }, [key]);
  return state && state.key === key ? { data: state.data, error: state.error } : {};
}
