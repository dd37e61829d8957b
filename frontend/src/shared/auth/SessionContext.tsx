import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createAuthedClient } from '../graphqlClient';
import type { SessionManager } from '../session';

interface SessionContextValue {
  session: SessionManager;
  publicClient: Client;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/**
 * Provides the session and a GraphQL client. A fresh client (and so an empty cache) is made
 * whenever a session starts or ends, so one user never sees another's cached data.
 */
export function SessionProvider(props: {
  session: SessionManager;
  publicClient: Client;
  children: ReactNode;
}) {
  const { session, publicClient } = props;
  const [generation, setGeneration] = useState(0);
  useEffect(() => session.subscribe(() => setGeneration((g) => g + 1)), [session]);
  const client = useMemo(() => createAuthedClient(session), [session, generation]);
  const value = useMemo(() => ({ session, publicClient }), [session, publicClient]);
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={client}>{props.children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
