import { useState } from 'react';
import { api } from '../../ui/api';
import type { Conversation } from '../../ui/api-types';
import type { Endpoints } from '../../ui/endpoints';
import { useApi } from '../../ui/use-api';

type Query = Omit<NonNullable<Endpoints['GET /conversations']['query']>, 'cursor' | 'limit'>;

/**
 * A conversation list of `GET /conversations` a page at a time: the first page loads while mounted,
 * `more` (undefined once there is no more) appends the next one. Pages loaded by `more` are kept with
 * the query they belong to and dropped when it changes: another filter or matter starts afresh from its
 * first page, and so does `reload`.
 */
export function useConversationPages(query: Query, limit = 50) {
  const key = JSON.stringify(query);
  const first = useApi('GET /conversations', { query: { ...query, limit } });
  const [loaded, setLoaded] = useState<{ key: string; items: Conversation[]; cursor: string | null }>();
  // Another query starts afresh, also when the earlier one comes back (its old pages would be stale).
  if (loaded && loaded.key !== key) setLoaded(undefined);
  const own = loaded?.key === key ? loaded : undefined;
  const items = own?.items ?? first.data?.items;
  const next = own ? own.cursor : (first.data?.nextCursor ?? null);
  return {
    items,
    error: first.error,
    more: next
      ? async () => {
          const page = await api('GET /conversations', { query: { ...query, limit, cursor: next } });
          setLoaded({ key, items: [...(items ?? []), ...page.items], cursor: page.nextCursor });
        }
      : undefined,
    reload: () => {
      setLoaded(undefined);
      first.reload();
    },
  };
}
