import { Button, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MyReturnsListQuery } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { PortalTable } from '../PortalTable';
import { MyReturnableLines, MyReturnsList } from './queries';
import { canReturn } from './quantities';
import { ReturnStatusTag } from './ReturnStatusTag';

type Row = MyReturnsListQuery['myReturns']['edges'][number]['node'];

// An order has few returns; its page shows up to this many, newest first.
const ORDER_RETURNS = 50;
const DELIVERED = new Set(['DELIVERED', 'COMPLETED']);

/** "Return items" on a delivered order's page, shown only while something may be returned. */
export function ReturnItemsButton({ orderId, status }: { orderId: string; status: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const delivered = DELIVERED.has(status);
  const [{ data }] = useQuery({
    query: MyReturnableLines,
    variables: { orderId },
    pause: !delivered,
    requestPolicy: 'cache-and-network',
  });
  if (!delivered || !data?.myReturnableLines.some(canReturn)) return null;
  return (
    <Button onClick={() => navigate(`/orders/${orderId}/return`)} data-testid="portal-return-items">
      {t('portalReturns.returnItems')}
    </Button>
  );
}

/** The order's returns with their status; nothing when it has none. */
export function OrderReturnsCard({ orderId }: { orderId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({
    query: MyReturnsList,
    variables: { first: ORDER_RETURNS, orderId },
    requestPolicy: 'cache-and-network',
  });
  const rows = (data?.myReturns.edges ?? []).map((edge) => edge.node);
  if (rows.length === 0) return null;
  return (
    <Card title={t('portalReturns.orderReturns')} data-testid="portal-order-returns">
      <PortalTable<Row>
        rows={rows}
        keyOf={(row) => row.id}
        titleColumn="number"
        cardTestId="portal-order-return-card"
        size="small"
        columns={[
          {
            title: t('portalReturns.number'),
            key: 'number',
            render: (_, row) => <Link to={`/returns/${row.id}`}>{row.number}</Link>,
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
    </Card>
  );
}
