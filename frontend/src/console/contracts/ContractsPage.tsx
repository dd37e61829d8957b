import { Button, Card, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import type { ContractFilterInput, ContractsListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { useCan } from '../viewer';
import { ContractStatusTag } from './ContractStatusTag';
import { NewContractDrawer } from './NewContractDrawer';
import { ContractsList } from './queries';

const PAGE_SIZE = 25;
const EXPIRING_DAYS = 90;
const VIEWS = ['ALL', 'EXPIRING_SOON', 'DRAFT'] as const;
type View = (typeof VIEWS)[number];
type Row = ContractsListQuery['contracts']['edges'][number]['node'];
const FILTERS: Record<View, ContractFilterInput> = {
  ALL: {},
  EXPIRING_SOON: { expiringWithinDays: EXPIRING_DAYS },
  DRAFT: { statuses: ['DRAFT'] },
};

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** The contracts list, with the ones whose term ends within 90 days as their own view. */
export default function ContractsPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('contracts', 'read');
  const mayWrite = useCan('contracts', 'write');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [url, setUrl] = useUrlFilters({ view: 'ALL' });
  const view: View = isView(url.view) ? url.view : 'ALL';
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ContractsList,
    variables: { first: PAGE_SIZE, after: pager.after, filter: FILTERS[view] },
    pause: !mayRead,
  });
  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        extra={
          mayWrite && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-contract">
              {t('contracts.new')}
            </Button>
          )
        }
      />
      <NewContractDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => navigate(`/contracts/${id}`)}
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(value) => {
              setUrl({ view: value });
              pager.reset();
            }}
            options={VIEWS.map((v) => ({ value: v, label: t(`contracts.views.${v}`) }))}
            data-testid="contract-views"
          />
        </Space>
        {!data && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<Row>
            connection={data?.contracts}
            size="small"
            loading={fetching}
            data-testid="contracts"
            emptyText={t('contracts.empty')}
            columns={[
              {
                title: t('contracts.number'),
                key: 'number',
                render: (_, row) => (
                  <Link to={`/contracts/${row.id}`} data-testid="contract-link">
                    {row.number}
                  </Link>
                ),
              },
              { title: t('contracts.titleColumn'), key: 'title', dataIndex: 'title' },
              {
                title: t('contracts.customer'),
                key: 'customer',
                render: (_, row) =>
                  row.customer ? (
                    <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('contracts.status'),
                key: 'status',
                render: (_, row) => <ContractStatusTag status={row.status} />,
              },
              {
                title: t('contracts.noticeDeadline'),
                key: 'notice',
                render: (_, row) => formatDay(row.noticeDeadline, i18n.language),
              },
              {
                title: t('contracts.termEnd'),
                key: 'termEnd',
                render: (_, row) => formatDay(row.currentTermEnd, i18n.language),
              },
            ]}
          />
        )}
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={!!data?.contracts.pageInfo.hasNextPage}
          onPrevious={pager.previous}
          onNext={() => pager.next(data?.contracts.pageInfo.endCursor)}
        />
      </Card>
    </>
  );
}
