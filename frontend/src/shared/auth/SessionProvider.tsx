import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createAuthedClient } from '../graphqlClient';
import type { SessionManager } from '../session';
import { SessionContext } from './useSession';

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
  const [client, setClient] = useState(() => createAuthedClient(session));
  useEffect(() => session.subscribe(() => setClient(createAuthedClient(session))), [session]);
  const value = useMemo(() => ({ session, publicClient }), [session, publicClient]);
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={client}>{props.children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
