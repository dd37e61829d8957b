import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InvoiceKind, InvoiceStatus } from '../../gql/graphql';

const STATUS_COLOURS: Record<InvoiceStatus, string> = {
  ISSUED: 'blue',
  PARTIALLY_PAID: 'gold',
  PAID: 'green',
  VOID: 'default',
};
const KIND_COLOURS: Record<InvoiceKind, string> = { INVOICE: 'geekblue', CREDIT_NOTE: 'purple' };

export const INVOICE_STATUSES = Object.keys(STATUS_COLOURS) as InvoiceStatus[];
export const INVOICE_KINDS = Object.keys(KIND_COLOURS) as InvoiceKind[];

export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="invoice-status">
      {t(`invoices.statuses.${status}`)}
    </Tag>
  );
}

export function InvoiceKindTag({ kind }: { kind: InvoiceKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLOURS[kind]} data-testid="invoice-kind">
      {t(`invoices.kinds.${kind}`)}
    </Tag>
  );
}
