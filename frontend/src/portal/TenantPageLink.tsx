import { Navigate, useParams } from 'react-router-dom';
import { useSession } from '../shared/auth/useSession';

/** A link from an email to one of the customer's orders or support requests
 * (/portal/<slug>/orders/<id>, /tickets/<id>, /contracts/<id>, /quotes/<id>): the page itself when signed in,
 * else the tenant's own sign-in page, which comes back to it afterwards. */
export function TenantPageLink({
  section,
}: {
  section: 'orders' | 'tickets' | 'contracts' | 'quotes';
}) {
  const { tenantSlug = '', id = '' } = useParams();
  const { session } = useSession();
  const page = `/${section}/${encodeURIComponent(id)}`;
  if (session.hasSession()) return <Navigate to={page} replace />;
  const signIn = `/${encodeURIComponent(tenantSlug)}?${new URLSearchParams({ next: page })}`;
  return <Navigate to={signIn} replace />;
}
