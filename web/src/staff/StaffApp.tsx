import { Route, Routes } from 'react-router';
import { Spinner } from '../ui/widgets';
import { StaffLayout } from './Layout';
import { MatterPage } from './MatterPage';
import { Matters } from './Matters';
import { SignIn } from './SignIn';
import { StaffSessionProvider, useStaffSession } from './session';

function Gate() {
  const { me } = useStaffSession();
  if (me === undefined)
    return (
      <main>
        <Spinner />
      </main>
    );
  if (me === null) return <SignIn />;
  return (
    <Routes>
      <Route element={<StaffLayout />}>
        <Route
          index
          element={
            <main>
              <h1>Messages</h1>
              <p className="muted">Your conversations across all matters appear here.</p>
            </main>
          }
        />
        <Route path="matters" element={<Matters />} />
        <Route path="matters/:matterId" element={<MatterPage />} />
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
  );
}

export function StaffApp() {
  return (
    <StaffSessionProvider>
      <Gate />
    </StaffSessionProvider>
  );
}
