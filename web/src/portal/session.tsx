import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api } from '../ui/api';
import type { PortalUser } from '../ui/api-types';

interface PortalSession {
  me: PortalUser | null | undefined;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const Ctx = createContext<PortalSession | null>(null);

export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<PortalUser | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      setMe(await api('GET /portal/me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    }
  }, []);
  const signOut = useCallback(async () => {
    await api('POST /portal/auth/logout').catch(() => {});
    setMe(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <Ctx.Provider value={{ me, refresh, signOut }}>{children}</Ctx.Provider>;
}

export function usePortalSession(): PortalSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePortalSession outside PortalSessionProvider');
  return v;
}
