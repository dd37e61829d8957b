import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MyContractsListQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { PortalTable } from '../PortalTable';
import { MyContractsList } from './queries';

const PAGE_SIZE = 20;
type Row = MyContractsListQuery['myContracts']['edges'][number]['node'];

/** The customer's contracts, newest first. */
export function MyContractsPage() {
  const { t, i18n } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyContractsList,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <div data-testid="portal-contracts">
      <PageHeader title={t('portalContracts.title')} />
      <Typography.Paragraph type="secondary">{t('portalContracts.intro')}</Typography.Paragraph>
      <PortalTable<Row>
        connection={data?.myContracts}
        loading={fetching}
        pager={pager}
        keyOf={(row) => row.id}
        titleColumn="number"
        cardTestId="portal-contract-card"
        size="small"
        emptyText={t('portalContracts.empty')}
        columns={[
          {
            title: t('portalContracts.number'),
            key: 'number',
            render: (_, row) => (
              <Link to={`/contracts/${row.id}`} data-testid="portal-contract-link">
                {row.number}
              </Link>
            ),
          },
          { title: t('portalContracts.titleColumn'), key: 'title', dataIndex: 'title' },
          {
            title: t('portalContracts.status'),
            key: 'status',
            render: (_, row) => <Tag>{t(`contracts.statuses.${row.status}`)}</Tag>,
          },
          {
            title: t('portalContracts.termEnd'),
            key: 'termEnd',
            render: (_, row) => formatDay(row.currentTermEnd, i18n.language),
          },
        ]}
      />
    </div>
  );
}
