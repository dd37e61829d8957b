import { authExchange } from '@urql/exchange-auth';
import { Client, cacheExchange, fetchExchange, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { Refresher, Tokens } from './session';
import { SessionManager } from './session';

const GRAPHQL_URL = '/graphql';

const RefreshSession = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresIn
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

/** A client without credentials, for sign-up, log-in and token refresh. */
export function createPublicClient(): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
  });
}

export function isAuthError(error: CombinedError): boolean {
  return (
    error.response?.status === 401 ||
    error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
  );
}

export function isForbidden(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'FORBIDDEN');
}

/** Turns a session payload into tokens, or null when the server issued none. */
export function tokensOf(
  payload:
    | {
        accessToken?: string | null;
        refreshToken?: string | null;
        expiresIn?: number | null;
      }
    | null
    | undefined,
): Tokens | null {
  if (!payload?.accessToken || !payload.refreshToken || !payload.expiresIn) return null;
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresIn: payload.expiresIn,
  };
}

export function refresherFor(client: Client): Refresher {
  return async (refreshToken) => {
    const result = await client.mutation(RefreshSession, { refreshToken }).toPromise();
    if (result.error) {
      if (result.error.networkError) throw result.error.networkError;
      return null;
    }
    return tokensOf(result.data?.refreshToken);
  };
}

export function createSession(storageKey: string, publicClient: Client): SessionManager {
  return new SessionManager({ storageKey, refresher: refresherFor(publicClient) });
}

/** The app's client: adds the bearer token, refreshes before expiry and once on a 401. */
export function createAuthedClient(session: SessionManager): Client {
  return new Client({
    url: GRAPHQL_URL,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = session.currentAccessToken();
          return token
            ? utils.appendHeaders(operation, { Authorization: `Bearer ${token}` })
            : operation;
        },
        willAuthError() {
          return session.hasSession() && session.needsRefresh();
        },
        didAuthError(error) {
          return session.hasSession() && isAuthError(error);
        },
        async refreshAuth() {
          await session.refresh();
        },
      })),
      fetchExchange,
    ],
  });
}
