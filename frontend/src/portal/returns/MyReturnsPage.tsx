import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MyReturnsListQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { PortalTable } from '../PortalTable';
import { MyReturnsList } from './queries';
import { ReturnStatusTag } from './ReturnStatusTag';

const PAGE_SIZE = 20;
type Row = MyReturnsListQuery['myReturns']['edges'][number]['node'];

/** The customer's returns, newest first. */
export function MyReturnsPage() {
  const { t, i18n } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyReturnsList,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <div data-testid="portal-returns">
      <PageHeader title={t('portalReturns.title')} />
      <Typography.Paragraph type="secondary">{t('portalReturns.intro')}</Typography.Paragraph>
      <PortalTable<Row>
        connection={data?.myReturns}
        loading={fetching}
        pager={pager}
        keyOf={(row) => row.id}
        titleColumn="number"
        cardTestId="portal-return-card"
        size="small"
        emptyText={t('portalReturns.empty')}
        columns={[
          {
            title: t('portalReturns.number'),
            key: 'number',
            render: (_, row) => (
              <Link to={`/returns/${row.id}`} data-testid="portal-return-link">
                {row.number}
              </Link>
            ),
          },
          {
            title: t('portalReturns.order'),
            key: 'order',
            render: (_, row) => <Link to={`/orders/${row.orderId}`}>{row.orderNumber ?? '—'}</Link>,
          },
          {
            title: t('portalReturns.status'),
            key: 'status',
            render: (_, row) => <ReturnStatusTag status={row.status} />,
          },
          {
            title: t('portalReturns.requested'),
            key: 'requested',
            render: (_, row) => formatDateTime(row.createdAt, i18n.language),
          },
        ]}
      />
    </div>
  );
}
