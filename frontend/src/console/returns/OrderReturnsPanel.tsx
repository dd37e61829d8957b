import { Alert, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { ReturnRowFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { orderPath, returnPath } from '../links';
import { useCan } from '../viewer';
import { ExchangeForReturn, OrderReturns } from './queries';
import { ReturnStatusTag, ReturnWishTag } from './ReturnTags';

/** The returns of one order, on its page; nothing when it has none or the viewer may not
 * read returns. */
export function OrderReturnsPanel({ orderId }: { orderId: string }) {
  const mayRead = useCan('returns', 'read');
  const [{ data }] = useQuery({
    query: OrderReturns,
    variables: { orderId },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  const rows = (data?.returns.edges ?? []).map((e) => e.node);
  if (!mayRead) return null;
  return (
    <>
      <ExchangeOrigin orderId={orderId} />
      {rows.length > 0 && <ReturnsTable rows={rows} />}
    </>
  );
}

/** On an exchange order: the return it replaces goods of, and that return's order. */
function ExchangeOrigin({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: ExchangeForReturn, variables: { orderId } });
  const node = data?.node;
  const origin = node && 'exchangeForReturn' in node ? node.exchangeForReturn : null;
  if (!origin) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="exchange-origin"
      message={
        <>
          {t('returns.exchangeFor')} <Link to={returnPath(origin.number)}>{origin.number}</Link>
          {origin.order && (
            <>
              {' · '}
              {t('returns.order')}{' '}
              <Link to={orderPath(origin.order.number)}>{origin.order.number}</Link>
            </>
          )}
        </>
      }
    />
  );
}

function ReturnsTable({ rows }: { rows: ReturnRowFieldsFragment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('returns.title')} style={{ marginBottom: 16 }}>
      <Table<ReturnRowFieldsFragment>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        data-testid="order-returns"
        columns={[
          {
            title: t('returns.number'),
            key: 'number',
            render: (_, r) => <Link to={returnPath(r.number)}>{r.number}</Link>,
          },
          {
            title: t('returns.status'),
            key: 'status',
            render: (_, r) => <ReturnStatusTag status={r.status} />,
          },
          {
            title: t('returns.wish'),
            key: 'wish',
            render: (_, r) => <ReturnWishTag wish={r.wish} />,
          },
          {
            title: t('returns.created'),
            key: 'created',
            render: (_, r) => formatDateTime(r.createdAt, i18n.language),
          },
        ]}
      />
    </Card>
  );
}
