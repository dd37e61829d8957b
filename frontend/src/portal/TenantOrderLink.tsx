import { Navigate, useParams } from 'react-router-dom';
import { useSession } from '../shared/auth/useSession';

/** An order link from an email (/portal/<slug>/orders/<id>): the order itself when signed
 * in, else the tenant's own sign-in page, which comes back to the order afterwards. */
export function TenantOrderLink() {
  const { tenantSlug = '', id = '' } = useParams();
  const { session } = useSession();
  const order = `/orders/${encodeURIComponent(id)}`;
  if (session.hasSession()) return <Navigate to={order} replace />;
  const signIn = `/${encodeURIComponent(tenantSlug)}?${new URLSearchParams({ next: order })}`;
  return <Navigate to={signIn} replace />;
}
