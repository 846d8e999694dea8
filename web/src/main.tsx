import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import './ui/styles.css';

// One chunk per app (#13 item 11): a client on the portal never downloads the staff app, and staff
// never the portal. What they share (React, the router, ui/) stays in the entry or a shared chunk.
const PortalApp = lazy(() => import('./portal/PortalApp').then((m) => ({ default: m.PortalApp })));
const QuickReply = lazy(() => import('./portal/quick/QuickReply').then((m) => ({ default: m.QuickReply })));
const StaffApp = lazy(() => import('./staff/StaffApp').then((m) => ({ default: m.StaffApp })));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Suspense fallback={null}>
        <Routes>
          <Route path="/portal/*" element={<PortalApp />} />
          <Route path="/r/:token" element={<QuickReply />} />
          <Route path="/*" element={<StaffApp />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  </StrictMode>,
);
