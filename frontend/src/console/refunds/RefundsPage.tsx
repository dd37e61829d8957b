import { App, Button, Card, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import type { RefundFilter, RefundsListQuery, RefundStatus } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { useCan } from '../viewer';
import { RefundsList } from './queries';
import { RefundDrawer } from './RefundDrawer';
import { RefundsTable, type RefundRow } from './RefundsTable';
import { REFUND_STATUSES } from './tags';

type Connection = RefundsListQuery['refunds'];
const PAGE_SIZE = 25;
const ALL = 'ALL';

function isStatus(value: string | null): value is RefundStatus {
  return (REFUND_STATUSES as readonly string[]).includes(value ?? '');
}

/** Refunds by status, Requested first: finance executes or rejects them. */
export default function RefundsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const mayRead = useCan('refunds', 'read');
  const [params, setParams] = useSearchParams();
  const tab = params.get('status');
  const status: RefundStatus | null = tab === ALL ? null : isStatus(tab) ? tab : 'REQUESTED';
  const [customerId, setCustomerId] = useState<string | null>(null);
  const filter: RefundFilter = { status, customerId };
  const [more, setMore] = useState<{ rows: RefundRow[]; pageInfo: Connection['pageInfo'] } | null>(
    null,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<RefundRow | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: RefundsList,
    variables: { first: PAGE_SIZE, filter },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => setMore(null), [status, customerId, data]);

  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const first = data?.refunds;
  const rows = [...(first?.edges.map((e) => e.node) ?? []), ...(more?.rows ?? [])];
  const pageInfo = more?.pageInfo ?? first?.pageInfo;
  const loadMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    const result = await client
      .query(RefundsList, { first: PAGE_SIZE, after: pageInfo.endCursor, filter })
      .toPromise();
    setLoadingMore(false);
    const next = result.data?.refunds;
    if (result.error || !next)
      return void message.error(result.error?.message ?? t('states.networkError'));
    setMore({
      rows: [...(more?.rows ?? []), ...next.edges.map((e) => e.node)],
      pageInfo: next.pageInfo,
    });
  };

  const table = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <CustomerSearchSelect
          aria-label={t('refunds.customer')}
          placeholder={t('refunds.customer')}
          style={{ width: 220 }}
          value={customerId}
          onChange={(id) => setCustomerId(id ?? null)}
        />
      </Space>
      <RefundsTable
        rows={rows}
        loading={fetching || loadingMore}
        onOpen={setSelected}
        testId="refunds-table"
      />
      {pageInfo?.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={loadingMore} onClick={() => void loadMore()}>
          {t('refunds.loadMore')}
        </Button>
      )}
    </>
  );

  return (
    <>
      <PageHeader title={t('refunds.title')} />
      <Card size="small">
        <Tabs
          activeKey={status ?? ALL}
          onChange={(key) =>
            setParams(key === 'REQUESTED' ? {} : { status: key }, { replace: true })
          }
          items={[...REFUND_STATUSES, ALL].map((key) => ({
            key,
            label: key === ALL ? t('refunds.all') : t(`refunds.statuses.${key}`),
            children: key === (status ?? ALL) ? table : null,
          }))}
        />
      </Card>
      <RefundDrawer
        refund={selected}
        onClose={() => setSelected(null)}
        onChanged={(refund) => {
          setSelected(refund);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </>
  );
}
