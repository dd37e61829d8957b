/** Where signing in starts and where it returns to. */

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
