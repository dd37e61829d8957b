import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderPaymentStatus, ReceivableStatus } from '../../gql/graphql';

import { statusColor } from '../../shared/status';

export function ReceivableStatusTag({ status }: { status: ReceivableStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('receivable', status)} data-testid="receivable-status">
      {t(`receivables.statuses.${status}`)}
    </Tag>
  );
}

export function OrderPaymentStatusTag({ status }: { status: OrderPaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('orderPayment', status)} data-testid="order-payment-status">
      {t(`receivables.paymentStatuses.${status}`)}
    </Tag>
  );
}
