import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RefundStatus } from '../../gql/graphql';

import { REFUND_COLOURS } from './statuses';

export function RefundStatusTag({ status }: { status: RefundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={REFUND_COLOURS[status]} data-testid="refund-status">
      {t(`refunds.statuses.${status}`)}
    </Tag>
  );
}
