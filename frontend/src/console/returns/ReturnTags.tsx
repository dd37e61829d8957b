import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReturnStatus, ReturnWish } from '../../gql/graphql';
import { statusColor } from '../../shared/status';

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('return', status)} data-testid="return-status">
      {t(`returns.statuses.${status}`)}
    </Tag>
  );
}

export function ReturnWishTag({ wish }: { wish: ReturnWish }) {
  const { t } = useTranslation();
  return (
    <Tag color={wish === 'REFUND' ? 'purple' : 'geekblue'} data-testid="return-wish">
      {t(`returns.wishes.${wish}`)}
    </Tag>
  );
}
