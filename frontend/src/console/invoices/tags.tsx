import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InvoiceKind, InvoiceStatus } from '../../gql/graphql';

import { statusColor } from '../../shared/status';
import { INVOICE_KIND_COLOURS } from './statuses';

export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('invoice', status)} data-testid="invoice-status">
      {t(`invoices.statuses.${status}`)}
    </Tag>
  );
}

export function InvoiceKindTag({ kind }: { kind: InvoiceKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={INVOICE_KIND_COLOURS[kind]} data-testid="invoice-kind">
      {t(`invoices.kinds.${kind}`)}
    </Tag>
  );
}
