import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RefundStatus } from '../../gql/graphql';

import { statusColor } from '../../shared/status';

export function RefundStatusTag({ status }: { status: RefundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('refund', status)} data-testid="refund-status">
      {t(`refunds.statuses.${status}`)}
    </Tag>
  );
}
