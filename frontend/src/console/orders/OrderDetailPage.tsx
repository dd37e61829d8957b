import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import type { OrderDetailQuery, OrderStatus } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { OrderTotals } from '../../shared/components/OrderTotals';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { actionText, historyNoteText, priceRuleText } from '../../shared/serverText';
import { OrderApprovalPanel } from '../approvals/OrderApprovalPanel';
import { formatMoney, formatQuantity, isZeroDecimal } from '../catalog/money';
import { OrderTimeline } from '../collaboration/OrderTimeline';
import { useTermsText } from '../customers/termsForm';
import { OrderInvoicesPanel } from '../invoices/OrderInvoicesPanel';
import { NotFoundPage } from '../NotFoundPage';
import { OrderChangeRequestsPanel } from '../orderChanges/OrderChangeRequestsPanel';
import { OrderPaymentStatusTag } from '../receivables/tags';
import { RequestRefundDrawer } from '../refunds/RequestRefundDrawer';
import { NewTicketDrawer } from '../tickets/NewTicketDrawer';
import { returnPath, ticketPath } from '../links';
import { NewReturnDrawer } from '../returns/NewReturnDrawer';
import { OrderReturnsPanel } from '../returns/OrderReturnsPanel';
import { OrderShipmentsPanel } from '../shipments/OrderShipmentsPanel';
import { useCan } from '../viewer';
import type { OrderPanelProps } from './panelProps';
import { OrderStatusTag, PriorityTag } from './OrderStatusTag';
import { OrderDetail } from './queries';
import { StockAvailable } from './StockAvailable';
import { useOrderTransition } from './useOrderTransition';

type Order = NonNullable<OrderDetailQuery['orderByNumber']>;
type Line = Order['lines'][number];
type Address = Order['shipTo'];

function AddressText({ address }: { address: Address }) {
  if (!address) return <>—</>;
  const parts = [
    address.recipient,
    address.line1,
    address.line2,
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.region,
    address.country,
  ];
  return <>{parts.filter(Boolean).join(', ')}</>;
}

/** Orders whose goods have arrived, so a return may be asked for. */
const RETURNABLE: ReadonlySet<OrderStatus> = new Set(['DELIVERED', 'COMPLETED']);

export default function OrderDetailPage() {
  const { id: number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const describeTerms = useTermsText();
  const navigate = useNavigate();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrderDetail,
    variables: { number },
  });
  const { run, dialog } = useOrderTransition();
  const mayRequestRefund = useCan('refunds', 'request');
  const [requestingRefund, setRequestingRefund] = useState(false);
  const mayOpenTicket = useCan('tickets', 'write');
  const [openingTicket, setOpeningTicket] = useState(false);
  const mayAskReturn = useCan('returns', 'write');
  const [askingReturn, setAskingReturn] = useState(false);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return <NotFoundPage />;
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (!data && fetching) return <LoadingState />;
  const order = data?.orderByNumber;
  if (!order) return <NotFoundPage />;

  const language = i18n.language;
  const panel: OrderPanelProps = {
    orderId: order.id,
    orderVersion: order.version,
    onChanged: reload,
  };
  const money = (value: { amount: string; currency: string }) => formatMoney(value, language);

  return (
    <>
      <PageHeader
        title={`${t('orders.order')} ${order.number}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/orders')}>
              {t('orders.backToList')}
            </Button>
            {order.availableTransitions.map((transition) => (
              <Button
                key={transition.action}
                type={transition.action === 'CANCEL' ? 'default' : 'primary'}
                danger={transition.action === 'CANCEL'}
                onClick={async () => {
                  if (await run(order.id, order.version, transition)) reload();
                }}
              >
                {actionText(t, transition.action)}
              </Button>
            ))}
            {mayRequestRefund && !isZeroDecimal(order.amountPaid.amount) && (
              <Button onClick={() => setRequestingRefund(true)} data-testid="request-refund">
                {t('refunds.request.button')}
              </Button>
            )}
            {mayOpenTicket && order.customer && (
              <Button onClick={() => setOpeningTicket(true)} data-testid="open-ticket">
                {t('tickets.newTicket')}
              </Button>
            )}
            {mayAskReturn && order.customer && RETURNABLE.has(order.status) && (
              <Button onClick={() => setAskingReturn(true)} data-testid="new-return">
                {t('returns.create.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="order-header">
          <Descriptions.Item label={t('orders.status')}>
            <OrderStatusTag status={order.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.customer')}>
            {order.customer?.name ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.channel')}>
            {t(`orders.channels.${order.channel}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.priority')}>
            <PriorityTag priority={order.priority} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.tags')}>
            {order.tags.length ? order.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.externalRef')}>
            {order.externalRef ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.created')}>
            {formatDateTime(order.createdAt, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.requestedDate')}>
            {formatDay(order.requestedDeliveryDate, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.updated')}>
            {formatDateTime(order.updatedAt, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.shipTo')}>
            <AddressText address={order.shipTo} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.billTo')}>
            <AddressText address={order.billTo} />
          </Descriptions.Item>
          {order.carrier && (
            <Descriptions.Item
              label={t('orders.carrier')}
            >{`${order.carrier} · ${order.trackingNumber ?? ''}`}</Descriptions.Item>
          )}
          {order.notes && (
            <Descriptions.Item label={t('orders.notes')}>{order.notes}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('orders.lines')} style={{ marginBottom: 16 }}>
        <Table<Line>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.lines}
          scroll={{ x: 1000 }}
          data-testid="order-lines"
          columns={[
            { title: t('orders.sku'), dataIndex: 'skuCode', key: 'sku' },
            { title: t('orders.description'), dataIndex: 'description', key: 'description' },
            {
              title: t('orders.quantity'),
              key: 'quantity',
              align: 'right',
              render: (_, l) => formatQuantity(l.quantity, language),
            },
            {
              title: t('orders.unitPrice'),
              key: 'unitPrice',
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  <span>{money(l.unitPrice)}</span>
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    data-testid="price-source"
                  >
                    {priceRuleText(t, l.priceRule)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('orders.discount'),
              key: 'discount',
              align: 'right',
              render: (_, l) => `${l.discountPercent}%`,
            },
            {
              title: t('orders.tax'),
              key: 'tax',
              align: 'right',
              render: (_, l) => money(l.taxAmount),
            },
            {
              title: t('orders.lineTotal'),
              key: 'total',
              align: 'right',
              render: (_, l) => money(l.lineTotal),
            },
            {
              title: t('orders.reservedShipped'),
              key: 'progress',
              render: (_, l) =>
                `${formatQuantity(l.reservedQuantity, language)} / ${formatQuantity(l.shippedQuantity, language)}`,
            },
            {
              title: t('orders.stockAvailable'),
              key: 'stock',
              align: 'right',
              render: (_, l) => <StockAvailable skuId={l.sku?.id} />,
            },
          ]}
        />
        <OrderTotals order={order} maxWidth={420} />
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 4, maxWidth: 360, marginLeft: 'auto' }}
          data-testid="order-payment"
        >
          <Descriptions.Item label={t('receivables.orderPayment')}>
            <OrderPaymentStatusTag status={order.paymentStatus} />
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.amountPaid')}>
            {money(order.amountPaid)}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.amountDue')}>
            <strong data-testid="order-amount-due">{money(order.amountDue)}</strong>
          </Descriptions.Item>
          {!isZeroDecimal(order.amountRefunded.amount) && (
            <Descriptions.Item label={t('orders.amountRefunded')}>
              <span data-testid="order-amount-refunded">{money(order.amountRefunded)}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('orders.paymentTerms')}>
            <span data-testid="order-payment-terms">{describeTerms(order.paymentTerms)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <OrderApprovalPanel {...panel} />
      <OrderShipmentsPanel {...panel} />
      <OrderInvoicesPanel {...panel} />
      <OrderChangeRequestsPanel {...panel} />
      <OrderReturnsPanel orderId={order.id} />
      <OrderTimeline
        {...panel}
        history={order.statusHistory.map((h) => ({
          ...h,
          fromStatus: h.fromStatus ?? null,
          actorLabel: h.actorLabel ?? null,
          note: historyNoteText(t, h),
        }))}
      />
      {dialog}
      {mayOpenTicket && order.customer && (
        <NewTicketDrawer
          open={openingTicket}
          order={{ id: order.id, number: order.number, customer: order.customer }}
          onClose={() => setOpeningTicket(false)}
          onCreated={(ticketNumber) => navigate(ticketPath(ticketNumber))}
        />
      )}
      {mayAskReturn && order.customer && (
        <NewReturnDrawer
          open={askingReturn}
          order={{ ...order, customer: order.customer }}
          onClose={() => setAskingReturn(false)}
          onCreated={(returnNumber) => navigate(returnPath(returnNumber))}
        />
      )}
      {mayRequestRefund && (
        <RequestRefundDrawer
          orderId={order.id}
          open={requestingRefund}
          onClose={() => setRequestingRefund(false)}
          onRequested={() => {
            setRequestingRefund(false);
            reload();
          }}
        />
      )}
    </>
  );
}
