import { NavLink, Outlet } from 'react-router';
import { useStaffSession } from './session';

export function StaffLayout() {
  const { me, signOut } = useStaffSession();
  return (
    <>
      <header className="topbar">
        <span className="brand">Parley</span>
        <nav aria-label="Main" style={{ display: 'flex', gap: '1rem' }}>
          <NavLink to="/" end>
            Messages
          </NavLink>
          <NavLink to="/matters">Matters</NavLink>
          <NavLink to="/staff">Staff</NavLink>
        </nav>
        <span className="spacer" />
        <NavLink to="/security">Security</NavLink>
        <span>
          {me?.name} · {me?.firm.name}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <Outlet />
    </>
  );
}
