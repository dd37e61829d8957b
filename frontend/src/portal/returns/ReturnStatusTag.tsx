import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReturnStatus } from '../../gql/graphql';
import { statusColor } from '../../shared/status';

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('return', status)} data-testid="portal-return-status">
      {t(`portalReturns.statuses.${status}`)}
    </Tag>
  );
}
