import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractStatus } from '../../gql/graphql';

const COLORS: Record<ContractStatus, string> = {
  DRAFT: 'default',
  ACTIVE: 'green',
  EXPIRING: 'orange',
  RENEWED: 'blue',
  TERMINATED: 'red',
  EXPIRED: 'default',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="contract-status">
      {t(`contracts.statuses.${status}`)}
    </Tag>
  );
}
