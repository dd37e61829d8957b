import { Route, Routes } from 'react-router-dom';
import { RequireSession } from '../shared/auth/RequireSession';
import { PortalHomePage } from './PortalHomePage';
import { PortalLayout } from './PortalLayout';
import { PortalLogInPage } from './PortalLogInPage';

export function PortalApp() {
  return (
    <PortalLayout>
      <Routes>
        <Route path="/login" element={<PortalLogInPage />} />
        <Route path="*" element={<RequireSession><PortalHomePage /></RequireSession>} />
      </Routes>
    </PortalLayout>
  );
}
