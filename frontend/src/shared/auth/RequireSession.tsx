import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from './SessionContext';

export function loginPath(from: string, expired: boolean): string {
  const params = new URLSearchParams();
  if (from && from !== '/') params.set('next', from);
  if (expired) params.set('expired', '1');
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

/** Where to go after signing in: the page the user came from, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Renders its children only with a session; sends the user to log in when it ends. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}`;

  useEffect(
    () =>
      session.subscribe((event) => {
        if (!event.signedIn)
          navigate(event.reason === 'expired' ? loginPath(here, true) : '/login', {
            replace: true,
          });
      }),
    [session, navigate, here],
  );

  if (!session.hasSession()) return <Navigate to={loginPath(here, false)} replace />;
  return <>{children}</>;
}
