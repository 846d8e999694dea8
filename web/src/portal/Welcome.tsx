import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePortalBrand } from './branding';
import { usePortalSession } from './session';
import './guide.css';

/** Remembered in this browser per portal user (API.md has no field for it). */
const dismissedKey = (userId: string) => `parley.portal.welcome-dismissed.${userId}`;

function readDismissed(userId: string | undefined): boolean {
  if (!userId) return true;
  try {
    return localStorage.getItem(dismissedKey(userId)) === '1';
  } catch {
    return false; // Storage refused (private mode): show it, it can still be closed for this visit.
  }
}

/**
 * The welcome on the home page: shown on the client's first visit (the firm's `welcomeText`, else a
 * default), closed with "Got it" and remembered, brought back with "Show welcome" at the page's end.
 * Focus follows: to "Show welcome" on closing, to the welcome's heading on reopening.
 */
export function usePortalWelcome() {
  const { me } = usePortalSession();
  const userId = me?.id;
  const [open, setOpen] = useState(() => !readDismissed(userId));
  const [moved, setMoved] = useState(false);
  useEffect(() => setOpen(!readDismissed(userId)), [userId]);
  const close = () => {
    try {
      if (userId) localStorage.setItem(dismissedKey(userId), '1');
    } catch {
      // Not remembered in this browser; closed for now.
    }
    setMoved(true);
    setOpen(false);
  };
  const reopen = () => {
    setMoved(true);
    setOpen(true);
  };
  return { open, close, reopen, moved };
}

export function WelcomeCard({ onClose, focus }: { onClose: () => void; focus: boolean }) {
  const { branding } = usePortalBrand();
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  const firm = branding?.firmName;
  const text =
    branding?.welcomeText?.trim() ||
    (firm ? t('welcome.defaultTextFirm', { firm }) : t('welcome.defaultText'));
  return (
    <section className="card welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title" ref={heading} tabIndex={-1}>
        {t('welcome.heading')}
      </h2>
      <div className="welcome-text">
        {text
          .split(/\n\s*\n|\n/)
          .filter((p) => p.trim())
          .map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the firm's paragraphs, fixed while shown
            <p key={i}>{p}</p>
          ))}
      </div>
      <div className="toolbar">
        <Link to="/portal/guide">{t('welcome.guideLink')}</Link>
        <button type="button" onClick={onClose}>
          {t('welcome.dismiss')}
        </button>
      </div>
    </section>
  );
}

/** The end of the home page: the guide, and the welcome again once it was closed. */
export function PortalHelp({
  welcomeOpen,
  onReopen,
  focus,
}: {
  welcomeOpen: boolean;
  onReopen: () => void;
  focus: boolean;
}) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) button.current?.focus();
  }, [focus]);
  return (
    <p className="portal-help">
      <Link to="/portal/guide">{t('guide.readGuide')}</Link>
      {!welcomeOpen && (
        <button type="button" className="secondary" ref={button} onClick={onReopen}>
          {t('welcome.reopen')}
        </button>
      )}
    </p>
  );
}
