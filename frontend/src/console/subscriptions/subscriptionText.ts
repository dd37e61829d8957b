import type { TFunction } from 'i18next';

/** A subscription's page, at its global id. */
export function subscriptionPath(id: string): string {
  return `/subscriptions/${encodeURIComponent(id)}`;
}

interface UserErrorLike {
  code: string;
  message: string;
}

/** The first user error in the reader's language (the server's words when not worded). */
export function errorText(
  t: TFunction,
  errors: readonly UserErrorLike[] | undefined,
): string | null {
  const first = errors?.[0];
  if (!first) return null;
  return t([`subscriptions.errors.${first.code}`, `errors.${first.code}`], {
    defaultValue: first.message,
  });
}
