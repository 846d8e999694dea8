import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { FirmMark, useBrandColor, useTabTitle } from '../ui/brand';
import { useStaffRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { UnreadBadge } from '../ui/widgets';
import { useStaffSession } from './session';

/**
 * The staff app's frame: the top bar in the firm's name, logo and brand colour (`GET /me`'s firm),
 * the navigation, and for admins a banner while email or texts go to the outbox.
 */
export function StaffLayout() {
  const { me, signOut } = useStaffSession();
  const firm = me?.firm;
  const isAdmin = me?.role === 'admin';
  useBrandColor(firm?.brandColor);
  const unread = useUnreadMessages(firm?.name ?? 'Parley');
  const outbox = isAdmin ? outboxNotice(me?.outbox) : undefined;
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          <FirmMark name={firm?.name ?? 'Parley'} logoUrl={firm?.logoUrl} />
        </Link>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/" end className="nav-messages">
            Messages <UnreadBadge count={unread} />
          </NavLink>
          <MoreMenu>
            <NavLink to="/matters">Matters</NavLink>
            <NavLink to="/staff">Staff</NavLink>
            {isAdmin && <NavLink to="/settings">Settings</NavLink>}
            {isAdmin && <NavLink to="/outbox">Outbox</NavLink>}
            <span className="spacer" />
            <NavLink to="/security">Security</NavLink>
            <span className="nav-me">{me?.name}</span>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </MoreMenu>
        </nav>
      </header>
      {outbox && (
        <section className="banner" aria-label="Outbox notice">
          {outbox} <Link to="/outbox">Open the outbox</Link>
        </section>
      )}
      <Outlet />
    </>
  );
}

/**
 * The rest of the navigation: in the bar on a wide screen; on a phone behind a "Menu" button (so the
 * bar stays one row, with Messages and its unread count beside it), closed by Escape, by a click
 * elsewhere and by going to another page.
 */
function MoreMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes whenever the page changes
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      ref.current?.querySelector<HTMLButtonElement>('.nav-toggle')?.focus();
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);
  return (
    <div ref={ref} className="nav-rest">
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <div id={id} className={open ? 'nav-more open' : 'nav-more'}>
        {children}
      </div>
    </div>
  );
}

/** What an admin is told while messages go to the outbox (`GET /me`'s `outbox`), or nothing. */
export function outboxNotice(outbox: { email: boolean; sms: boolean } | undefined): string | undefined {
  if (outbox?.email && outbox.sms)
    return 'Email and text messages are not being sent: no mail server or SMS provider is set up, so they go to the outbox.';
  if (outbox?.email) return 'Email is not being sent: no mail server is set up, so it goes to the outbox.';
  if (outbox?.sms)
    return 'Text messages are not being sent: no SMS provider is set up, so they go to the outbox.';
  return undefined;
}

/**
 * Unread messages across the caller's conversations (`GET /me/unread`), again on every message or
 * read receipt; the tab's title counts them too ("(3) Firm").
 */
function useUnreadMessages(name: string): number {
  const totals = useApi('GET /me/unread');
  useStaffRealtime(
    (e) => {
      if (e.type === 'message.created' || e.type === 'message.read' || e.type === 'conversation.updated')
        totals.reload();
    },
    () => totals.reload(),
  );
  const count = totals.data?.messages ?? 0;
  useTabTitle(undefined, name, count);
  return count;
}
