import type { InvoiceKind, InvoiceStatus } from '../../gql/graphql';
import { STATUS_PALETTE } from '../../shared/status';

export const INVOICE_KIND_COLOURS: Record<InvoiceKind, string> = {
  INVOICE: 'geekblue',
  CREDIT_NOTE: 'purple',
};

export const INVOICE_STATUSES = Object.keys(STATUS_PALETTE.invoice) as InvoiceStatus[];
export const INVOICE_KINDS = Object.keys(INVOICE_KIND_COLOURS) as InvoiceKind[];
