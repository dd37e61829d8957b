import { Button, Card, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatDateTime } from '../../shared/format';
import type { OrderPanelProps } from '../orders/panelProps';
import { useCan } from '../viewer';
import { ChangeActions } from './ChangeActions';
import { ChangeStatusTag, ChangeSummary, type ChangeRequest } from './ChangeSummary';
import { DecideChangeModal, type PendingDecision } from './DecideChangeModal';
import { OrderChangePanel } from './queries';
import { RequestChangeModal, type ChangeableOrder } from './RequestChangeModal';

// Orders change after confirmation and before shipping (see docs/order-changes.md).
const CHANGEABLE = new Set(['CONFIRMED', 'AWAITING_PAYMENT', 'PAID', 'READY_TO_SHIP']);

function isOrder(node: unknown): node is ChangeableOrder {
  return !!node && typeof node === 'object' && 'lines' in node;
}

/** On the order detail page: the order's change requests and the form to ask for one. */
export function OrderChangeRequestsPanel({
  orderId,
  orderVersion,
  onChanged,
}: OrderPanelProps): JSX.Element | null {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('order_changes', 'read');
  const mayRequest = useCan('order_changes', 'request');
  const [{ data }, refetch] = useQuery({
    query: OrderChangePanel,
    variables: { id: orderId },
    pause: !mayRead,
  });
  const [requesting, setRequesting] = useState(false);
  const [pending, setPending] = useState<PendingDecision | null>(null);

  useEffect(() => {
    if (mayRead) refetch({ requestPolicy: 'network-only' });
  }, [orderVersion, mayRead, refetch]);

  const order = data?.node;
  if (!mayRead || !isOrder(order)) return null;
  const requests = order.changeRequests;
  const hasOpen = requests.some((r) => r.status === 'OPEN');
  const canAsk = mayRequest && CHANGEABLE.has(order.status) && !hasOpen;
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };
  if (!requests.length && !canAsk) return null;

  return (
    <Card
      size="small"
      title={t('orderChanges.panelTitle')}
      style={{ marginBottom: 16 }}
      data-testid="order-changes"
      extra={
        canAsk && (
          <Button onClick={() => setRequesting(true)}>{t('orderChanges.requestChange')}</Button>
        )
      }
    >
      {requests.length === 0 ? (
        <Typography.Text type="secondary">{t('orderChanges.noneYet')}</Typography.Text>
      ) : (
        <Table<ChangeRequest>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={requests}
          columns={[
            {
              title: t('orderChanges.status'),
              key: 'status',
              render: (_, r) => <ChangeStatusTag status={r.status} />,
            },
            {
              title: t('orderChanges.change'),
              key: 'change',
              render: (_, r) => <ChangeSummary request={r} />,
            },
            {
              title: t('orderChanges.requestedBy'),
              key: 'by',
              render: (_, r) =>
                `${r.requestedByLabel ?? '—'} · ${formatDateTime(r.createdAt, i18n.language)}`,
            },
            {
              title: t('orderChanges.decidedBy'),
              key: 'decided',
              render: (_, r) =>
                r.decidedAt
                  ? `${r.decidedByLabel ?? '—'} · ${formatDateTime(r.decidedAt, i18n.language)}`
                  : '—',
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, r) => (
                <ChangeActions request={r} onDecide={setPending} onChanged={changed} />
              ),
            },
          ]}
        />
      )}
      <RequestChangeModal
        order={order}
        open={requesting}
        onClose={() => setRequesting(false)}
        onDone={() => {
          setRequesting(false);
          changed();
        }}
      />
      <DecideChangeModal
        pending={pending}
        onClose={() => setPending(null)}
        onDone={() => {
          setPending(null);
          changed();
        }}
      />
    </Card>
  );
}
