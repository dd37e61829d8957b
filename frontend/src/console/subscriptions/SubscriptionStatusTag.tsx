import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SubscriptionStatus } from '../../gql/graphql';

const COLOURS: Record<SubscriptionStatus, string> = {
  TRIALING: 'blue',
  ACTIVE: 'green',
  PAST_DUE: 'red',
  PAUSED: 'orange',
  CANCELLED: 'default',
  EXPIRED: 'default',
};

export function SubscriptionStatusTag({ status }: { status: SubscriptionStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t(`subscriptions.statuses.${status}`)}</Tag>;
}
