import { Link, Route, Routes } from 'react-router';
import { TotpSetup } from '../ui/TotpSetup';
import { Spinner } from '../ui/widgets';
import { PortalConversation } from './PortalConversation';
import { PortalHome } from './PortalHome';
import { SharedBrowser } from './SharedBrowser';
import { ExchangeToken, RequestLink } from './SignIn';
import { PortalSessionProvider, usePortalSession } from './session';

function Gate() {
  const { me, signOut, refresh } = usePortalSession();
  if (me === undefined)
    return (
      <main>
        <Spinner />
      </main>
    );
  if (me === null) return <RequestLink />;
  return (
    <>
      <header className="topbar">
        <Link to="/portal" className="brand">
          Client portal
        </Link>
        <span className="spacer" />
        <Link to="/portal/security">Security</Link>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <Routes>
        <Route index element={<PortalHome />} />
        <Route path="conversations/:conversationId" element={<PortalConversation />} />
        <Route path="shared/:shareId" element={<SharedBrowser />} />
        <Route
          path="security"
          element={
            <TotpSetup
              audience="portal"
              purpose="to open protected messages"
              onDone={refresh}
              enabled={me.totpEnabled}
              lostHint="If you lose it, you can still ask for a code by email or text message."
            />
          }
        />
        <Route path="*" element={<PortalHome />} />
      </Routes>
    </>
  );
}

export function PortalApp() {
  return (
    <PortalSessionProvider>
      <Routes>
        <Route path="sign-in" element={<ExchangeToken />} />
        <Route path="*" element={<Gate />} />
      </Routes>
    </PortalSessionProvider>
  );
}
