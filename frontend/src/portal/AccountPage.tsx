import { Card, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { PageHeader } from '../shared/components/PageHeader';
import { ErrorState, LoadingState } from '../shared/components/States';
import { formatCurrency, formatDay } from '../shared/format';
import { receivableTermText, type ReceivableTermFacts } from '../shared/serverText';
import { LanguageCard } from './LanguageCard';
import { Money } from './parts';
import { PortalTable } from './PortalTable';
import { PortalAccountQuery } from './queries';

function termKey(term: ReceivableTermFacts): string {
  return [term.kind, term.percent, term.trigger, term.daysAfter].join('-');
}

/** What the customer owes, on which orders, and what it has paid. */
export function AccountPage() {
  const { t, i18n } = useTranslation();
  const [{ data, error }, refetch] = useQuery({
    query: PortalAccountQuery,
    requestPolicy: 'cache-and-network',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <LoadingState />;
  const account = data.portalAccount;
  type Receivable = (typeof account.receivables)[number];
  type Payment = (typeof account.payments)[number];
  const balance = account.openBalance;

  return (
    <div data-testid="portal-account">
      <PageHeader title={t('portalPayments.account.title')} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Statistic
            title={t('portalPayments.account.balance')}
            value={formatCurrency(Number(balance.amount), balance.currency, i18n.language)}
            valueRender={(node) => <span data-testid="portal-balance">{node}</span>}
          />
          <Typography.Text type="secondary">
            {t('portalPayments.account.balanceHelp')}
          </Typography.Text>
        </Card>
        <Card title={t('portalPayments.account.openAmounts')}>
          <div data-testid="portal-open-amounts">
            <PortalTable<Receivable>
              rows={account.receivables}
              keyOf={(r) => `${r.orderId}-${termKey(r.term)}`}
              titleColumn="order"
              size="small"
              emptyText={t('portalPayments.account.noOpenAmounts')}
              columns={[
                {
                  title: t('portalPayments.account.order'),
                  key: 'order',
                  render: (_, r) => <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link>,
                },
                {
                  title: t('portalPayments.account.terms'),
                  key: 'terms',
                  render: (_, r) => receivableTermText(t, r.term),
                },
                {
                  title: t('portalPayments.account.dueDate'),
                  key: 'due',
                  render: (_, r) => (
                    <Space size={4} wrap>
                      {formatDay(r.dueDate, i18n.language)}
                      {r.overdue && <Tag color="red">{t('portalPayments.account.overdue')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('portalPayments.account.amountOpen'),
                  key: 'open',
                  align: 'right',
                  render: (_, r) => <Money value={r.amountOpen} />,
                },
              ]}
            />
          </div>
        </Card>
        <Card title={t('portalPayments.account.payments')}>
          <div data-testid="portal-payments">
            <PortalTable<Payment>
              rows={account.payments}
              keyOf={(p) => p.number}
              titleColumn="number"
              size="small"
              emptyText={t('portalPayments.account.noPayments')}
              columns={[
                { title: t('portalPayments.account.number'), key: 'number', dataIndex: 'number' },
                {
                  title: t('portalPayments.account.receivedOn'),
                  key: 'received',
                  render: (_, p) => formatDay(p.receivedOn, i18n.language),
                },
                {
                  title: t('portalPayments.account.method'),
                  key: 'method',
                  render: (_, p) =>
                    t(`portalPayments.methods.${p.method}`, { defaultValue: p.method }),
                },
                {
                  title: t('portalPayments.account.orders'),
                  key: 'orders',
                  render: (_, p) => p.orderNumbers.join(', ') || '—',
                },
                {
                  title: t('portalPayments.account.amount'),
                  key: 'amount',
                  align: 'right',
                  render: (_, p) => <Money value={p.amount} />,
                },
              ]}
            />
          </div>
        </Card>
        <LanguageCard />
      </Space>
    </div>
  );
}
