import { Route, Routes } from 'react-router';
import { TotpSetup } from '../ui/TotpSetup';
import { Spinner } from '../ui/widgets';
import { ChangePassword } from './ChangePassword';
import { UploadTrayProvider } from './files/Uploads';
import { StaffLayout } from './Layout';
import { MatterPage } from './MatterPage';
import { Matters } from './Matters';
import { HomeMessages } from './messaging/HomeMessages';
import { SignIn } from './SignIn';
import { StaffPage } from './StaffPage';
import { MySessions } from './StaffSessions';
import { StaffSessionProvider, useStaffSession } from './session';
import { FirmSettingsPage } from './settings/FirmSettingsPage';
import { OutboxPage } from './settings/OutboxPage';

function Gate() {
  const { me, refresh } = useStaffSession();
  if (me === undefined)
    return (
      <main>
        <Spinner />
      </main>
    );
  if (me === null) return <SignIn />;
  const security = <TotpSetup audience="staff" purpose="to sign in" onDone={refresh} />;
  if (me.passwordChangeRequired) {
    return (
      <>
        <p className="card narrow" role="status">
          You signed in with a one-time password. Choose your own to continue.
        </p>
        <ChangePassword onDone={refresh} />
      </>
    );
  }
  if (me.totpSetupRequired) {
    return (
      <>
        <p className="card narrow" role="status">
          Your firm requires an authenticator app for signing in. Set it up to continue.
        </p>
        {security}
      </>
    );
  }
  return (
    <UploadTrayProvider>
      <Routes>
        <Route element={<StaffLayout />}>
          <Route index element={<HomeMessages />} />
          <Route path="conversations/:conversationId" element={<HomeMessages />} />
          <Route path="matters" element={<Matters />} />
          <Route
            path="security"
            element={
              <TotpSetup
                audience="staff"
                purpose="to sign in"
                onDone={refresh}
                enabled={me.totpEnabled}
                lostHint="If you lose it, an admin of your firm can reset it."
              >
                <ChangePassword />
                <MySessions />
              </TotpSetup>
            }
          />
          <Route path="staff" element={<StaffPage />} />
          <Route path="settings" element={<FirmSettingsPage />} />
          <Route path="outbox" element={<OutboxPage />} />
          <Route path="matters/:matterId" element={<MatterPage tab="messages" />} />
          <Route
            path="matters/:matterId/conversations/:conversationId"
            element={<MatterPage tab="messages" />}
          />
          <Route path="matters/:matterId/files" element={<MatterPage tab="files" />} />
          <Route path="matters/:matterId/files/:folderId" element={<MatterPage tab="files" />} />
          <Route
            path="*"
            element={
              <main>
                <h1>Not found</h1>
              </main>
            }
          />
        </Route>
      </Routes>
    </UploadTrayProvider>
  );
}

export function StaffApp() {
  return (
    <StaffSessionProvider>
      <Gate />
    </StaffSessionProvider>
  );
}
