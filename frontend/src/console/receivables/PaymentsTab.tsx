import { App, Button, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import type { PaymentFilter, PaymentsListQuery } from '../../gql/graphql';
import { EmptyState, ErrorState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { formatDay } from './dates';
import { PaymentsList } from './queries';

type PaymentRow = PaymentsListQuery['payments']['edges'][number]['node'];
type Connection = PaymentsListQuery['payments'];
const PAGE_SIZE = 25;

/** Payments received, newest first, optionally of one customer. */
export function PaymentsTab({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const [filter, setFilter] = useState<PaymentFilter>({});
  const [more, setMore] = useState<{ rows: PaymentRow[]; pageInfo: Connection['pageInfo'] } | null>(
    null,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PaymentsList,
    variables: { first: PAGE_SIZE, filter },
  });
  useEffect(() => setMore(null), [filter, data]);
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: 'network-only' });
  }, [refreshKey, refetch]);

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const first = data?.payments;
  const rows = [...(first?.edges.map((e) => e.node) ?? []), ...(more?.rows ?? [])];
  const pageInfo = more?.pageInfo ?? first?.pageInfo;
  const loadMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    const result = await client
      .query(PaymentsList, { first: PAGE_SIZE, after: pageInfo.endCursor, filter })
      .toPromise();
    setLoadingMore(false);
    const next = result.data?.payments;
    if (result.error || !next)
      return void message.error(result.error?.message ?? t('states.networkError'));
    setMore({
      rows: [...(more?.rows ?? []), ...next.edges.map((e) => e.node)],
      pageInfo: next.pageInfo,
    });
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <CustomerSearchSelect
          aria-label={t('receivables.customer')}
          placeholder={t('receivables.customer')}
          style={{ width: 220 }}
          value={filter.customerId ?? null}
          onChange={(id) => setFilter({ customerId: id ?? null })}
        />
      </Space>
      <Table<PaymentRow>
        rowKey="id"
        size="small"
        pagination={false}
        loading={fetching || loadingMore}
        dataSource={rows}
        scroll={{ x: 800 }}
        data-testid="payments-table"
        locale={{ emptyText: <EmptyState description={t('receivables.payments.empty')} /> }}
        columns={[
          {
            title: t('receivables.payments.number'),
            key: 'number',
            render: (_, p) => <Link to={`/payments/${encodeURIComponent(p.id)}`}>{p.number}</Link>,
          },
          {
            title: t('receivables.payments.receivedOn'),
            key: 'receivedOn',
            render: (_, p) => formatDay(p.receivedOn, i18n.language),
          },
          { title: t('receivables.customer'), dataIndex: 'customerName', key: 'customer' },
          {
            title: t('receivables.payments.method'),
            key: 'method',
            render: (_, p) => t(`receivables.methods.${p.method}`),
          },
          {
            title: t('receivables.payments.amount'),
            key: 'amount',
            align: 'right',
            render: (_, p) => formatMoney(p.amount, i18n.language),
          },
          {
            title: t('receivables.payments.reference'),
            key: 'reference',
            render: (_, p) => p.reference ?? '—',
          },
        ]}
      />
      {pageInfo?.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={loadingMore} onClick={() => void loadMore()}>
          {t('receivables.loadMore')}
        </Button>
      )}
    </>
  );
}
