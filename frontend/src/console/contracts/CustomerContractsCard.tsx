import { Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDay } from '../../shared/format';
import { ContractStatusTag } from './ContractStatusTag';
import { CustomerContracts } from './queries';

/** The customer page's Contracts card: the customer's contracts, newest first. */
export function CustomerContractsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data, fetching }] = useQuery({
    query: CustomerContracts,
    variables: { id: customerId },
  });
  const node = data?.node;
  const rows = node && 'contracts' in node ? node.contracts : [];
  return (
    <Card size="small" title={t('contracts.customerCard')} data-testid="customer-contracts">
      <List
        size="small"
        loading={fetching && !data}
        dataSource={rows}
        locale={{ emptyText: t('contracts.customerCardEmpty') }}
        renderItem={(row) => (
          <List.Item extra={<ContractStatusTag status={row.status} />}>
            <Link to={`/contracts/${row.id}`}>{row.number}</Link> · {row.title} ·{' '}
            {formatDay(row.currentTermEnd, i18n.language)}
          </List.Item>
        )}
      />
    </Card>
  );
}
