import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RefundStatus } from '../../gql/graphql';

const COLOURS: Record<RefundStatus, string> = {
  REQUESTED: 'gold',
  PROCESSING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  REJECTED: 'default',
};

/** Requested first: those are the ones waiting for someone. */
export const REFUND_STATUSES = Object.keys(COLOURS) as RefundStatus[];

export function RefundStatusTag({ status }: { status: RefundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid="refund-status">
      {t(`refunds.statuses.${status}`)}
    </Tag>
  );
}
