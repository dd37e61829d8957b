import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { SessionProvider } from '../shared/auth/SessionProvider';
import { AppProviders } from '../shared/components/AppProviders';
import { adoptPageNonce } from '../shared/cspNonce';
import { createPublicClient, createSession } from '../shared/graphqlClient';
import { initI18n } from '../shared/i18n';
import '../shared/page.css';
import { ConsoleApp } from './App';

const nonce = adoptPageNonce();
initI18n();
const publicClient = createPublicClient();
const session = createSession('orbit.console.refreshToken', publicClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders nonce={nonce}>
      <SessionProvider session={session} publicClient={publicClient}>
        <BrowserRouter>
          <ConsoleApp />
        </BrowserRouter>
      </SessionProvider>
    </AppProviders>
  </StrictMode>,
);
