import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { OrderTotals } from '../shared/components/OrderTotals';
import { ErrorState, LoadingState } from '../shared/components/States';
import { formatDateTime, formatDay } from '../shared/format';
import { statusColor } from '../shared/status';
import { PaymentStatusTag, PayOrderButton } from './PayNowDialog';
import { usePaymentPolling } from './usePaymentPolling';
import { Money, StatusTag } from './parts';
import { addressText, quantityText } from './text';
import { PortalTable } from './PortalTable';
import { PortalOrderDetail } from './queries';
import { isPositiveAmount } from './stripeJs';
import { NewTicketModal } from './tickets/NewTicketModal';
import { OrderReturnsCard, ReturnItemsButton } from './returns/OrderReturns';

export function OrderDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [reporting, setReporting] = useState(false);
  const [{ data, error }, refetch] = useQuery({
    query: PortalOrderDetail,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const due = isPositiveAmount(data?.portalOrder.amountDue.amount);
  const { polling, start: startPolling } = usePaymentPolling(
    () => refetch({ requestPolicy: 'network-only' }),
    !due,
  );
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <LoadingState />;
  const order = data.portalOrder;
  const steps = order.timeline;
  const current = steps.findIndex((s) => s.state === 'PENDING');
  const cancelled = order.status === 'CANCELLED';
  type Line = (typeof order.lines)[number];
  type Refund = (typeof order.refunds)[number];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Link to="/orders">
        <ArrowLeftOutlined /> {t('portalOrders.detail.back')}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="portal-order-number">
          {order.number}
        </Typography.Title>
        <Space wrap>
          <StatusTag status={order.status} />
          <Button onClick={() => setReporting(true)} data-testid="portal-report-problem">
            {t('portalTickets.reportProblem')}
          </Button>
          <ReturnItemsButton orderId={order.id} status={order.status} />
        </Space>
      </Flex>
      <NewTicketModal
        open={reporting}
        orderId={order.id}
        onClose={() => setReporting(false)}
        onCreated={(ticket) => navigate(`/tickets/${ticket.id}`)}
      />
      <Card title={t('portalPayments.order.payment')}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('portalPayments.order.paymentStatus')}>
              <PaymentStatusTag status={order.paymentStatus} />
            </Descriptions.Item>
            <Descriptions.Item label={t('portalPayments.order.amountDue')}>
              <strong data-testid="portal-amount-due">
                <Money value={order.amountDue} />
              </strong>
            </Descriptions.Item>
          </Descriptions>
          <PayOrderButton
            orderId={order.id}
            orderNumber={order.number}
            payable={due && !cancelled}
            onPaid={startPolling}
          />
        </Flex>
        {polling && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            message={t('portalPayments.pay.received')}
            data-testid="pay-pending"
          />
        )}
      </Card>
      <Card title={t('portalOrders.detail.progress')}>
        <Steps
          direction="vertical"
          size="small"
          data-testid="portal-order-timeline"
          current={current === -1 ? steps.length - 1 : current}
          status={cancelled ? 'error' : current === -1 ? 'finish' : 'process'}
          items={steps.map((step) => ({
            title: t(`portalOrders.milestone.${step.milestone}`),
            status:
              step.milestone === 'CANCELLED'
                ? 'error'
                : step.state === 'DONE'
                  ? 'finish'
                  : step.state === 'SKIPPED'
                    ? 'finish'
                    : undefined,
            description:
              step.state === 'SKIPPED'
                ? t('portalOrders.milestone.skipped')
                : step.reachedAt
                  ? formatDateTime(step.reachedAt, i18n.language)
                  : undefined,
          }))}
        />
      </Card>
      <Card title={t('portalOrders.detail.shipping')}>
        {order.shipments.length > 0 ? (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {order.shipments.map((shipment) => (
              <Descriptions
                key={shipment.number}
                column={1}
                size="small"
                bordered
                title={shipment.number}
              >
                <Descriptions.Item label={t('portalOrders.detail.carrier')}>
                  {shipment.carrier}
                </Descriptions.Item>
                <Descriptions.Item label={t('portalOrders.detail.tracking')}>
                  <span data-testid="portal-tracking-number">{shipment.trackingNumber}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('portalOrders.detail.shippedAt')}>
                  {formatDateTime(shipment.shippedAt, i18n.language)}
                </Descriptions.Item>
                {shipment.deliveredAt && (
                  <Descriptions.Item label={t('portalOrders.detail.deliveredAt')}>
                    {formatDateTime(shipment.deliveredAt, i18n.language)}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('portalOrders.detail.contents')}>
                  {shipment.lines
                    .map((line) => `${quantityText(line.quantity)} × ${line.skuCode}`)
                    .join(', ')}
                </Descriptions.Item>
              </Descriptions>
            ))}
          </Space>
        ) : order.trackingNumber || order.carrier ? (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('portalOrders.detail.carrier')}>
              {order.carrier ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('portalOrders.detail.tracking')}>
              <span data-testid="portal-tracking-number">{order.trackingNumber ?? '—'}</span>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('portalOrders.detail.notShipped')}</Typography.Text>
        )}
        <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('portalOrders.detail.shipTo')}>
            {order.shipTo ? addressText(order.shipTo) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('portalOrders.detail.billTo')}>
            {order.billTo ? addressText(order.billTo) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('portalOrders.orders.deliveryDate')}>
            {formatDay(order.requestedDeliveryDate, i18n.language)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('portalOrders.detail.lines')}>
        <PortalTable<Line>
          rows={order.lines}
          keyOf={(line) => `${line.skuCode}-${line.quantity}-${line.description}`}
          titleColumn="item"
          cardTestId="portal-line-card"
          size="small"
          data-testid="portal-order-lines"
          columns={[
            {
              title: t('portalOrders.detail.item'),
              key: 'item',
              render: (_, line) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text style={{ whiteSpace: 'normal' }}>
                    {line.description}
                  </Typography.Text>
                  <Typography.Text type="secondary">{line.skuCode}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('portalOrders.detail.quantity'),
              key: 'quantity',
              render: (_, line) => (
                <Space direction="vertical" size={0}>
                  {quantityText(line.quantity)}
                  {Number(line.shippedQuantity) > 0 && (
                    <Typography.Text type="secondary">
                      {t('portalOrders.detail.shipped', {
                        quantity: quantityText(line.shippedQuantity),
                      })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('portalOrders.detail.unitPrice'),
              key: 'unit',
              align: 'right',
              render: (_, line) => (
                <Space direction="vertical" size={0}>
                  <Money value={line.unitPrice} />
                  {Number(line.discountPercent) > 0 && (
                    <Typography.Text type="secondary" data-testid="portal-line-discount">
                      {t('orderTotals.discountPercent', { percent: line.discountPercent })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('orderTotals.lineNet'),
              key: 'net',
              align: 'right',
              render: (_, line) => <Money value={line.lineSubtotal} />,
            },
            {
              title: t('orderTotals.lineTotal'),
              key: 'total',
              align: 'right',
              render: (_, line) => (
                <span data-testid="portal-line-total">
                  <Money value={line.lineTotal} />
                </span>
              ),
            },
          ]}
        />
        <OrderTotals order={order} maxWidth={420} />
      </Card>
      <OrderReturnsCard orderId={order.id} />
      {order.refunds.length > 0 && (
        <Card title={t('portalSelfService.refunds.title')} data-testid="portal-order-refunds">
          <PortalTable<Refund>
            rows={order.refunds}
            keyOf={(refund) => refund.number}
            titleColumn="number"
            cardTestId="portal-refund-card"
            size="small"
            columns={[
              {
                title: t('portalSelfService.refunds.number'),
                key: 'number',
                render: (_, refund) => refund.number,
              },
              {
                title: t('portalSelfService.refunds.amount'),
                key: 'amount',
                align: 'right',
                render: (_, refund) => (
                  <span data-testid="portal-refund-amount">
                    <Money value={refund.amount} />
                  </span>
                ),
              },
              {
                title: t('portalSelfService.refunds.status'),
                key: 'status',
                render: (_, refund) => (
                  <Tag
                    color={statusColor('refund', refund.status)}
                    data-testid="portal-refund-status"
                  >
                    {t(`portalSelfService.refunds.statuses.${refund.status}`)}
                  </Tag>
                ),
              },
              {
                title: t('portalSelfService.refunds.requestedAt'),
                key: 'requestedAt',
                render: (_, refund) => formatDateTime(refund.requestedAt, i18n.language),
              },
              {
                title: t('portalSelfService.refunds.completedAt'),
                key: 'completedAt',
                render: (_, refund) => formatDateTime(refund.completedAt, i18n.language),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
