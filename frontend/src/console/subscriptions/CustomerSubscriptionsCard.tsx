import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDay } from '../../shared/format';
import { useCan } from '../viewer';
import { SubscriptionStatusTag } from './SubscriptionStatusTag';
import { subscriptionPath } from './subscriptionText';
import { CustomerSubscriptions } from './queries';

/** The customer's subscriptions on the customer page (for those who may read them). */
export function CustomerSubscriptionsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('subscriptions', 'read');
  const [{ data, fetching }] = useQuery({
    query: CustomerSubscriptions,
    variables: { id: customerId },
    pause: !mayRead,
  });
  if (!mayRead) return null;
  const node = data?.node;
  const rows = node && 'subscriptions' in node ? node.subscriptions : [];
  return (
    <Card size="small" title={t('subscriptions.cardTitle')} data-testid="customer-subscriptions">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={fetching}
        locale={{ emptyText: t('subscriptions.empty') }}
        dataSource={rows}
        columns={[
          {
            title: t('subscriptions.number'),
            key: 'number',
            render: (_, s) => <Link to={subscriptionPath(s.id)}>{s.number}</Link>,
          },
          {
            title: t('subscriptions.plans'),
            key: 'plans',
            render: (_, s) =>
              s.lines.map((l) => `${l.plan?.code ?? ''} × ${Number(l.quantity)}`).join(', '),
          },
          {
            title: t('subscriptions.status'),
            key: 'status',
            render: (_, s) => <SubscriptionStatusTag status={s.status} />,
          },
          {
            title: t('subscriptions.nextRenewal'),
            key: 'renewal',
            render: (_, s) => formatDay(s.currentPeriodEnd, i18n.language),
          },
          {
            title: t('subscriptions.mrr'),
            key: 'mrr',
            render: (_, s) => `${s.mrr.amount} ${s.mrr.currency}`,
          },
        ]}
      />
    </Card>
  );
}
