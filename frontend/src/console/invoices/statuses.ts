import type { InvoiceKind, InvoiceStatus } from '../../gql/graphql';

export const INVOICE_STATUS_COLOURS: Record<InvoiceStatus, string> = {
  ISSUED: 'blue',
  PARTIALLY_PAID: 'gold',
  PAID: 'green',
  VOID: 'default',
};
export const INVOICE_KIND_COLOURS: Record<InvoiceKind, string> = {
  INVOICE: 'geekblue',
  CREDIT_NOTE: 'purple',
};

export const INVOICE_STATUSES = Object.keys(INVOICE_STATUS_COLOURS) as InvoiceStatus[];
export const INVOICE_KINDS = Object.keys(INVOICE_KIND_COLOURS) as InvoiceKind[];
