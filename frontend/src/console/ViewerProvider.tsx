import { useEffect, useMemo, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorState, LoadingState } from '../shared/components/States';
import { applyLanguage, isLanguage } from '../shared/i18n';
import { permissionSet } from '../shared/permissions';
import { ViewerContext } from './viewer';

const ConsoleViewer = graphql(`
  query ConsoleViewer {
    viewer {
      kind
      roles
      roleNames {
        key
        name
        nameCode
      }
      dataScope
      permissions {
        resource
        action
      }
      user {
        id
        email
        name
        locale
        roles
        department {
          id
          key
          name
          nameCode
        }
      }
    }
    tenant {
      id
      slug
      name
      timeZone
      currency
      locale
    }
  }
`);

/**
 * Loads who is signed in and what they may do. It is read again when the window regains
 * focus, so a role changed by an administrator shows in the menu without signing in again.
 */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ConsoleViewer });
  const reload = useMemo(() => () => refetch({ requestPolicy: 'network-only' }), [refetch]);

  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

  const preferred = data?.viewer.user?.locale;
  useEffect(() => {
    if (isLanguage(preferred)) void applyLanguage(preferred);
  }, [preferred]);

  const value = useMemo(
    () =>
      data
        ? {
            viewer: data.viewer,
            tenant: data.tenant,
            permissions: permissionSet(data.viewer.permissions),
            refetch: reload,
          }
        : null,
    [data, reload],
  );

  if (value) return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
  if (error && !fetching) return <ErrorState error={error} onRetry={reload} />;
  return <LoadingState />;
}
