import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ResponseOf } from '../ui/endpoints';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';

type Conversations = ResponseOf<'GET /portal/conversations'>;

interface PortalInbox {
  conversations: Conversations | undefined;
  error: string | undefined;
  /** Unread messages across the client's conversations (the tab title counts them). */
  unread: number;
  /** The firm of all the client's conversations, when they are all one firm's. */
  firmId: string | undefined;
  reload: () => void;
}

const Ctx = createContext<PortalInbox | null>(null);

/** The signed-in client's conversations, loaded once for the home page, the unread count and the brand. */
export function PortalInboxProvider({ children }: { children: ReactNode }) {
  const list = useApi('GET /portal/conversations', { query: { limit: 200 } });
  usePortalRealtime(
    (e) => {
      if (e.type === 'message.created' || e.type === 'conversation.updated') list.reload();
    },
    () => list.reload(),
  );
  const items = list.data?.items;
  const value = useMemo<PortalInbox>(() => {
    const firms = new Set(items?.map((c) => c.firm.id));
    return {
      conversations: list.data,
      error: list.error,
      unread: items?.reduce((n, c) => n + c.unreadCount, 0) ?? 0,
      firmId: firms.size === 1 ? [...firms][0] : undefined,
      reload: list.reload,
    };
  }, [list.data, list.error, list.reload, items]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The inbox of a signed-in client, or null before sign-in. */
export const usePortalInbox = (): PortalInbox | null => useContext(Ctx);
