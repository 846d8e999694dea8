import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api } from '../ui/api';
import type { PortalUser } from '../ui/api-types';
import type { Locale } from './i18n/catalog';
import { setPortalLocale, storedLocale } from './i18n/i18n';

interface PortalSession {
  me: PortalUser | null | undefined;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** Show the portal in `locale`; a signed-in client's choice is kept by the server for their emails and SMS. */
  chooseLocale: (locale: Locale) => Promise<void>;
}

const Ctx = createContext<PortalSession | null>(null);

export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<PortalUser | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      let user = await api('GET /portal/me');
      // The server's choice wins; a choice made here before the first sign-in is handed to it.
      const chosen = user.locale ?? storedLocale();
      if (chosen && !user.locale) user = await api('PATCH /portal/me', { body: { locale: chosen } });
      if (chosen) setPortalLocale(chosen);
      setMe(user);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    }
  }, []);
  const signOut = useCallback(async () => {
    await api('POST /portal/auth/logout').catch(() => {});
    setMe(null);
  }, []);
  const chooseLocale = useCallback(
    async (locale: Locale) => {
      setPortalLocale(locale);
      if (me) setMe(await api('PATCH /portal/me', { body: { locale } }));
    },
    [me],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <Ctx.Provider value={{ me, refresh, signOut, chooseLocale }}>{children}</Ctx.Provider>;
}

export function usePortalSession(): PortalSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePortalSession outside PortalSessionProvider');
  return v;
}

/** The session where there is one (the quick-reply page has none). */
export const useOptionalPortalSession = (): PortalSession | null => useContext(Ctx);
