import { SIGNED_IN_COOKIE } from '@parley/contracts/constants';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api } from '../ui/api';
import type { PortalUser } from '../ui/api-types';
import { onSessionEnded } from '../ui/realtime';
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

/**
 * Whether the server set a portal session cookie (its readable companion, `SIGNED_IN_COOKIE`): without
 * one the visitor is signed out, and asking `GET /portal/me` would only log a 401 in the console.
 */
const hasSessionCookie = () =>
  document.cookie.split(/;\s*/).some((c) => c.startsWith(`${SIGNED_IN_COOKIE.portal}=`));
const forgetSessionCookie = () => {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser a client may use
  document.cookie = `${SIGNED_IN_COOKIE.portal}=; path=/; max-age=0`;
};

export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<PortalUser | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    if (!hasSessionCookie()) {
      setMe(null);
      return;
    }
    try {
      let user = await api('GET /portal/me');
      // The server's choice wins; a choice made here before the first sign-in is handed to it.
      const chosen = user.locale ?? storedLocale();
      if (chosen && !user.locale) user = await api('PATCH /portal/me', { body: { locale: chosen } });
      if (chosen) setPortalLocale(chosen);
      setMe(user);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      forgetSessionCookie(); // the session ended (expired, revoked): ask no more until the next sign-in
      setMe(null);
    }
  }, []);
  const signOut = useCallback(async () => {
    await api('POST /portal/auth/logout').catch(() => {});
    forgetSessionCookie();
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
  // Ended elsewhere (another device's Sessions page, an admin): the socket closes, and this asks
  // the server, whose 401 shows the sign-in page.
  useEffect(() => onSessionEnded(() => void refresh()), [refresh]);
  return <Ctx.Provider value={{ me, refresh, signOut, chooseLocale }}>{children}</Ctx.Provider>;
}

export function usePortalSession(): PortalSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePortalSession outside PortalSessionProvider');
  return v;
}

/** The session where there is one (the quick-reply page has none). */
export const useOptionalPortalSession = (): PortalSession | null => useContext(Ctx);
