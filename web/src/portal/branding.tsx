import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { FirmMark, useBrandColor, useTabTitle } from '../ui/brand';
import type { ResponseOf } from '../ui/endpoints';
import { LockIcon } from '../ui/icons';
import { useApi, useLast } from '../ui/use-api';
import { usePortalInbox } from './inbox';
import { LanguageSwitch } from './LanguageSwitch';

type Branding = ResponseOf<'GET /branding'>;

interface PortalBrand {
  /** The shown firm's name, logo and colour (`GET /branding`), undefined until the first answer. */
  branding: Branding | undefined;
  /** Show this firm's brand (undefined: the instance's default firm). */
  showFirm: (firmId: string | undefined) => void;
}

const Ctx = createContext<PortalBrand | null>(null);

/**
 * The portal in the firm's own name, logo and colour (API.md "Firm settings and branding"): the brand
 * of the firm of what the page shows, else the firm a link named (`?firm=`), else the instance's
 * first firm. The last brand stays on screen while the next one loads.
 */
export function PortalBrandProvider({ children }: { children: ReactNode }) {
  const [linkFirm] = useState(() => new URLSearchParams(window.location.search).get('firm') ?? undefined);
  const [firmId, setFirmId] = useState<string | undefined>(linkFirm);
  const answer = useApi('GET /branding', { query: { firm: firmId } });
  const branding = useLast(answer.data);
  // A firm that is not there (a mistyped link): the default brand rather than none.
  useEffect(() => {
    if (answer.error && firmId) setFirmId(undefined);
  }, [answer.error, firmId]);
  useBrandColor(branding?.brandColor);
  const [showFirm] = useState(() => (id: string | undefined) => setFirmId(id ?? linkFirm));
  return <Ctx.Provider value={{ branding, showFirm }}>{children}</Ctx.Provider>;
}

export function usePortalBrand(): PortalBrand {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePortalBrand outside PortalBrandProvider');
  return v;
}

/**
 * Every portal page says what it is and whose portal it is: it shows `firmId`'s brand (by default the
 * firm of all the client's conversations, when there is one), and the tab reads
 * "(2) Messages · Lovelace & Partners" with the unread count of a signed-in client.
 */
export function usePortalPage(title: string, firmId?: string) {
  const { branding, showFirm } = usePortalBrand();
  const inbox = usePortalInbox();
  const firm = firmId ?? inbox?.firmId;
  useEffect(() => showFirm(firm), [showFirm, firm]);
  useTabTitle(title, branding?.firmName, inbox?.unread ?? 0);
  return branding;
}

/**
 * The portal's top bar: the firm's logo and name, the guide, the language, and once signed in,
 * Security and Sign out.
 */
export function PortalHeader({ onSignOut }: { onSignOut?: () => void }) {
  const { branding } = usePortalBrand();
  const { t } = useTranslation();
  return (
    <header className="topbar portal-topbar">
      <Link to="/portal" className="brand">
        <FirmMark name={branding?.firmName ?? t('common.clientPortal')} logoUrl={branding?.logoUrl} />
      </Link>
      <span className="spacer" />
      <NavLink to="/portal/guide">{t('header.guide')}</NavLink>
      <LanguageSwitch />
      {onSignOut && (
        <>
          <Link to="/portal/security" className="topbar-security">
            <LockIcon />
            <span className="topbar-label">{t('header.security')}</span>
          </Link>
          <button type="button" onClick={onSignOut}>
            {t('header.signOut')}
          </button>
        </>
      )}
    </header>
  );
}
