import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { PortalOrdersListQuery } from '../gql/graphql';
import { PageHeader } from '../shared/components/PageHeader';
import { ErrorState } from '../shared/components/States';
import { formatDateTime, formatDay } from '../shared/format';
import { useCursorPager } from '../shared/useCursorPager';
import { Money, StatusTag } from './parts';
import { PortalTable } from './PortalTable';
import { PortalOrdersList } from './queries';

const PAGE_SIZE = 20;
type Row = PortalOrdersListQuery['portalOrders']['edges'][number]['node'];

/** The customer's orders, newest first; `compact` shows the first few without paging. */
export function OrdersTable({
  first = PAGE_SIZE,
  compact = false,
}: {
  first?: number;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PortalOrdersList,
    variables: { first, after: pager.after },
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <PortalTable<Row>
      connection={data?.portalOrders}
      loading={fetching}
      pager={compact ? undefined : pager}
      keyOf={(row) => row.id}
      titleColumn="number"
      cardTestId="portal-order-card"
      size="small"
      emptyText={compact ? t('portalOrders.home.noOrders') : t('portalOrders.orders.empty')}
      columns={[
        {
          title: t('portalOrders.orders.number'),
          key: 'number',
          render: (_, row) => (
            <Link to={`/orders/${row.id}`} data-testid="portal-order-link">
              {row.number}
            </Link>
          ),
        },
        {
          title: t('portalOrders.orders.placed'),
          key: 'placed',
          render: (_, row) => formatDateTime(row.createdAt, i18n.language),
        },
        {
          title: t('portalOrders.orders.status'),
          key: 'status',
          render: (_, row) => <StatusTag status={row.status} />,
        },
        ...(compact
          ? []
          : [
              {
                title: t('portalOrders.orders.deliveryDate'),
                key: 'date',
                render: (_: unknown, row: Row) =>
                  formatDay(row.requestedDeliveryDate, i18n.language),
              },
            ]),
        {
          title: t('portalOrders.orders.total'),
          key: 'total',
          align: 'right',
          render: (_, row) => <Money value={row.total} />,
        },
      ]}
    />
  );
}

export function MyOrdersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('portalOrders.orders.title')} />
      <Card>
        <OrdersTable />
      </Card>
    </>
  );
}
