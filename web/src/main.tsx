import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { PortalApp } from './portal/PortalApp';
import { QuickReply } from './portal/quick/QuickReply';
import { StaffApp } from './staff/StaffApp';
import './ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route path="/portal/*" element={<PortalApp />} />
        <Route path="/r/:token" element={<QuickReply />} />
        <Route path="/*" element={<StaffApp />} />
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
