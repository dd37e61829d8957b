import type { TFunction } from 'i18next';
import type { ReturnReason } from '../../gql/graphql';
import type { UserErrorLike } from '../../shared/userErrors';

/** The backend's reason codes, in the order the customer picks from. */
export const REASONS: ReturnReason[] = [
  'DAMAGED',
  'WRONG_ITEM',
  'NOT_AS_DESCRIBED',
  'NO_LONGER_NEEDED',
  'OTHER',
];

/** A requestReturn error in the customer's language: worded for the portal when it has a
 * wording there, else the shared one, else the server's message. */
export function returnErrorText(t: TFunction, error: UserErrorLike & { params?: unknown }): string {
  const params = (error.params ?? {}) as Record<string, string>;
  return t([`portalReturns.errors.${error.code}`, `errors.${error.code}`], {
    ...params,
    defaultValue: error.message,
  });
}
