/** Payment terms as a form edits them (the customer's credit card, an order's own terms) and the API's errors on them. */

import type { PaymentTermsInput, PaymentTermsKind } from '../../gql/graphql';
import { useTranslation } from 'react-i18next';
import type { UserErrorLike } from '../../shared/userErrors';
import {
  instalmentInputs,
  percentText,
  placeTermsErrors,
  termsText,
  type InstalmentRow,
  type StoredInstalment,
  type TermsFieldName,
  type TermsProblem,
} from './instalments';

export const PAYMENT_KINDS: PaymentTermsKind[] = ['PREPAID', 'NET', 'INSTALMENTS'];

export interface TermsValues {
  paymentKind: PaymentTermsKind;
  netDays?: number | null;
  instalments?: InstalmentRow[];
}

export function paymentTermsInput(values: TermsValues): PaymentTermsInput {
  if (values.paymentKind === 'INSTALMENTS') {
    return {
      kind: 'INSTALMENTS',
      netDays: null,
      instalments: instalmentInputs(values.instalments ?? []),
    };
  }
  return {
    kind: values.paymentKind,
    netDays: values.paymentKind === 'NET' ? (values.netDays ?? null) : null,
    instalments: null,
  };
}

const TERMS_MESSAGES: Record<TermsProblem, string> = {
  kind: 'customers.termsErrors.kind',
  netDays: 'customers.termsErrors.netDays',
  planSize: 'customers.termsErrors.planSize',
  planTotal: 'customers.termsErrors.planTotal',
  planNotAllowed: 'customers.termsErrors.planNotAllowed',
  percent: 'customers.termsErrors.percent',
  trigger: 'customers.termsErrors.trigger',
  daysAfter: 'customers.termsErrors.daysAfter',
};

/** The API's payment-terms errors as form fields with translated messages (one message per problem and field); the rest left over. */
export function termsFieldErrors(
  errors: readonly UserErrorLike[],
  sent: PaymentTermsInput,
  translate: (key: string) => string,
): { fields: { name: TermsFieldName; errors: string[] }[]; rest: UserErrorLike[] } {
  const { placed, rest } = placeTermsErrors(errors, {
    kind: sent.kind,
    rows: sent.instalments?.length ?? 0,
  });
  const byField = new Map<string, { name: TermsFieldName; errors: string[] }>();
  for (const { name, problem } of placed) {
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    const text = translate(TERMS_MESSAGES[problem]);
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], rest };
}

/** Terms as the API returns them (a customer's or an order's). */
export interface ShownTerms {
  kind: PaymentTermsKind;
  netDays?: number | null;
  instalments: readonly StoredInstalment[];
}

/** The customer's terms as one line in the user's language; English shows the API's own labels of the plan. */
export function useTermsText() {
  const { t, i18n } = useTranslation();
  return (terms: ShownTerms) =>
    termsText(terms, {
      kind: (kind) => t(`customers.paymentKinds.${kind}`),
      net: (days) => t('customers.netTerms', { days }),
      part: (part: StoredInstalment) =>
        i18n.language.startsWith('en')
          ? part.label
          : t(
              part.daysAfter > 0
                ? 'customers.instalmentLabel.after'
                : 'customers.instalmentLabel.on',
              {
                percent: percentText(part.percent),
                days: part.daysAfter,
                event: t(`customers.instalmentEvents.${part.trigger}`),
              },
            ),
    });
}
