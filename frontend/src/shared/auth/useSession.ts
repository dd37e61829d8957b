import { createContext, useContext } from 'react';
import type { Client } from 'urql';
import type { SessionManager } from '../session';

export interface SessionContextValue {
  session: SessionManager;
  publicClient: Client;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
