import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api } from '../ui/api';
import type { Me } from '../ui/api-types';
import { onSessionEnded } from '../ui/realtime';

interface SessionState {
  me: Me | null | undefined;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      setMe(await api('GET /me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    }
  }, []);
  const signOut = useCallback(async () => {
    await api('POST /auth/logout').catch(() => {});
    setMe(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // Ended elsewhere (another device's Sessions page, an admin): the socket closes, and this asks
  // the server, whose 401 shows the sign-in page.
  useEffect(() => onSessionEnded(() => void refresh()), [refresh]);
  return <SessionContext.Provider value={{ me, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useStaffSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useStaffSession outside StaffSessionProvider');
  return value;
}
