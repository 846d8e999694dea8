import { Link, NavLink, Outlet } from 'react-router';
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
          <NavLink to="/" end>
            Messages <UnreadBadge count={unread} />
          </NavLink>
          <NavLink to="/matters">Matters</NavLink>
          <NavLink to="/staff">Staff</NavLink>
          {isAdmin && <NavLink to="/settings">Settings</NavLink>}
          {isAdmin && <NavLink to="/outbox">Outbox</NavLink>}
        </nav>
        <span className="spacer" />
        <NavLink to="/security">Security</NavLink>
        <span>{me?.name}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
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
