import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../gql/graphql';
import { statusColor } from '../../shared/status';

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('order', status)} data-testid="order-status">
      {t(`orders.statuses.${status}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return priority === 'URGENT' ? (
    <Tag color="red">{t('orders.priorities.URGENT')}</Tag>
  ) : (
    <Tag>{t('orders.priorities.NORMAL')}</Tag>
  );
}
