import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { loginPath } from './paths';
import { useSession } from './useSession';

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
