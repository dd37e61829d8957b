import type { Dayjs } from 'dayjs';
import type { QuotePriceInput } from '../../gql/graphql';
import { decimalInput } from './money';

export interface PriceTesterValues {
  customerId?: string | null;
  tier?: string | null;
  skuId?: string | null;
  quantity?: string | number | null;
  date?: Dayjs | null;
}

/** The tester's form → `quotePrice` input; null while the SKU or a valid quantity is missing. */
export function toQuoteInput(values: PriceTesterValues): QuotePriceInput | null {
  const quantity = decimalInput(values.quantity);
  if (!values.skuId || !quantity) return null;
  return {
    skuId: values.skuId,
    quantity,
    customerId: values.customerId || null,
    tier: values.tier || null,
    date: values.date ? values.date.format('YYYY-MM-DD') : null,
  };
}
