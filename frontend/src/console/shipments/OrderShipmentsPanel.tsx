import { App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { formatDateTime } from '../../shared/format';
import { statusColor } from '../../shared/status';
import { formatQuantity } from '../catalog/money';
import type { OrderPanelProps } from '../orders/panelProps';
import { useCan } from '../viewer';
import { NewShipmentModal, type ShippableOrder } from './NewShipmentModal';
import { MarkShipmentDelivered, OrderShipments } from './queries';
import { remainingOf } from './remaining';

type Shipment = ShippableOrder['shipments'][number];

function isOrder(node: unknown): node is ShippableOrder {
  return !!node && typeof node === 'object' && 'shipments' in node;
}

function MarkDeliveredButton({ shipment, onDone }: { shipment: Shipment; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ fetching }, markDelivered] = useMutation(MarkShipmentDelivered);
  const confirm = async () => {
    const result = await markDelivered({ input: { shipmentId: shipment.id } });
    const first = result.data?.markShipmentDelivered.userErrors[0];
    if (result.error || first) {
      void message.error(
        first
          ? t(`errors.${first.code}`, { defaultValue: first.message })
          : t('states.networkError'),
      );
      return;
    }
    void message.success(t('shipments.delivered', { number: shipment.number }));
    onDone();
  };
  return (
    <Popconfirm
      title={t('shipments.confirmDelivered', { number: shipment.number })}
      onConfirm={confirm}
      okText={t('shipments.markDelivered')}
      cancelText={t('common.cancel')}
    >
      <Button size="small" loading={fetching}>
        {t('shipments.markDelivered')}
      </Button>
    </Popconfirm>
  );
}

/** On the order detail page: the order's shipments with their lines and status, the
 * new-shipment form while the order is ready to ship, and "Mark delivered" per shipment. */
export function OrderShipmentsPanel({
  orderId,
  orderVersion,
  onChanged,
}: OrderPanelProps): JSX.Element | null {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayShip = useCan('orders', 'ship');
  const mayDeliver = useCan('orders', 'deliver');
  const [{ data }, refetch] = useQuery({ query: OrderShipments, variables: { id: orderId } });
  const [shipping, setShipping] = useState(false);

  useEffect(() => {
    refetch({ requestPolicy: 'network-only' });
  }, [orderVersion, refetch]);

  const order = data?.node;
  if (!isOrder(order)) return null;
  const language = i18n.language;
  const canShip =
    mayShip &&
    order.status === 'READY_TO_SHIP' &&
    order.lines.some((line) => remainingOf(line) > 0);
  if (!order.shipments.length && !canShip) return null;
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };

  return (
    <Card
      size="small"
      title={t('shipments.panelTitle')}
      style={{ marginBottom: 16 }}
      data-testid="order-shipments"
      extra={
        canShip && (
          <Button type="primary" onClick={() => setShipping(true)}>
            {t('shipments.newShipment')}
          </Button>
        )
      }
    >
      {order.shipments.length === 0 ? (
        <Typography.Text type="secondary">{t('shipments.noneYet')}</Typography.Text>
      ) : (
        <Table<Shipment>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.shipments}
          scroll={{ x: 900 }}
          columns={[
            { title: t('shipments.number'), dataIndex: 'number', key: 'number' },
            {
              title: t('shipments.status'),
              key: 'status',
              render: (_, s) => (
                <Tag color={statusColor('shipment', s.status)}>
                  {t(`shipments.statuses.${s.status}`)}
                </Tag>
              ),
            },
            {
              title: t('shipments.warehouse'),
              key: 'warehouse',
              render: (_, s) => s.warehouse?.code ?? '—',
            },
            {
              title: t('shipments.tracking'),
              key: 'tracking',
              render: (_, s) => `${s.carrier} · ${s.trackingNumber}`,
            },
            {
              title: t('shipments.contents'),
              key: 'contents',
              render: (_, s) =>
                s.lines
                  .map(
                    (line) =>
                      `${line.orderLine?.skuCode ?? '?'} × ${formatQuantity(line.quantity, language)}`,
                  )
                  .join(', '),
            },
            {
              title: t('shipments.shippedAt'),
              key: 'shippedAt',
              render: (_, s) => formatDateTime(s.shippedAt, language),
            },
            {
              title: t('shipments.deliveredAt'),
              key: 'deliveredAt',
              render: (_, s) =>
                s.deliveredAt ? (
                  formatDateTime(s.deliveredAt, language)
                ) : mayDeliver ? (
                  <MarkDeliveredButton shipment={s} onDone={changed} />
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
      {/* A fresh form after each shipment, prefilled with what remains now. */}
      <NewShipmentModal
        key={order.shipments.length}
        order={order}
        open={shipping}
        onClose={() => setShipping(false)}
        onDone={(number) => {
          setShipping(false);
          void message.success(t('shipments.created', { number }));
          changed();
        }}
      />
    </Card>
  );
}
