import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderPaymentStatus, ReceivableStatus } from '../../gql/graphql';

import { RECEIVABLE_COLOURS } from './statuses';

const PAYMENT_STATUS_COLOURS: Record<OrderPaymentStatus, string> = {
  UNPAID: 'red',
  PARTIALLY_PAID: 'gold',
  PAID: 'green',
  PARTIALLY_REFUNDED: 'purple',
  REFUNDED: 'default',
};

export function ReceivableStatusTag({ status }: { status: ReceivableStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={RECEIVABLE_COLOURS[status]} data-testid="receivable-status">
      {t(`receivables.statuses.${status}`)}
    </Tag>
  );
}

export function OrderPaymentStatusTag({ status }: { status: OrderPaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PAYMENT_STATUS_COLOURS[status]} data-testid="order-payment-status">
      {t(`receivables.paymentStatuses.${status}`)}
    </Tag>
  );
}
