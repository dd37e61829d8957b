import { Card, Table, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { CustomerTimelineQuery } from '../../gql/graphql';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { formatMoney } from '../catalog/money';
import { InvoiceStatusTag } from '../invoices/tags';
import { OrderStatusTag } from '../orders/OrderStatusTag';
import { useViewer } from '../viewer';
import {
  CustomerInvoices,
  CustomerOrders,
  CustomerPayments,
  CustomerTimeline,
} from './customerPageQueries';
import { invoicePath, orderPath, paymentPath } from '../links';

const FIRST = 10;

function SectionCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}

export function OrdersSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const [{ data, error, fetching }] = useQuery({
    query: CustomerOrders,
    variables: { customerId, first: FIRST },
  });
  const rows = data?.orders.edges.map((e) => e.node) ?? [];
  return (
    <SectionCard title={t('customer360.orders')}>
      {error && !data && <ErrorState error={error} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={fetching}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customer360.noOrders') }}
        columns={[
          {
            title: t('customer360.number'),
            key: 'number',
            render: (_, o) => <Link to={orderPath(o.number)}>{o.number}</Link>,
          },
          {
            title: t('customer360.status'),
            key: 'status',
            render: (_, o) => <OrderStatusTag status={o.status} />,
          },
          {
            title: t('customer360.total'),
            key: 'total',
            align: 'right',
            render: (_, o) => formatMoney(o.total, i18n.language),
          },
          {
            title: t('customer360.date'),
            key: 'date',
            responsive: ['md'],
            render: (_, o) => formatDateTime(o.createdAt, i18n.language, tenant.timeZone),
          },
        ]}
      />
    </SectionCard>
  );
}

export function InvoicesSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({
    query: CustomerInvoices,
    variables: { customerId, first: FIRST },
  });
  const rows = data?.invoices.edges.map((e) => e.node) ?? [];
  return (
    <SectionCard title={t('customer360.invoices')}>
      {error && !data && <ErrorState error={error} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={fetching}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customer360.noInvoices') }}
        columns={[
          {
            title: t('customer360.number'),
            key: 'number',
            render: (_, i) => <Link to={invoicePath(i.number)}>{i.number}</Link>,
          },
          {
            title: t('customer360.status'),
            key: 'status',
            render: (_, i) => <InvoiceStatusTag status={i.status} />,
          },
          {
            title: t('customer360.total'),
            key: 'total',
            align: 'right',
            render: (_, i) => formatMoney(i.total, i18n.language),
          },
          {
            title: t('customer360.due'),
            key: 'due',
            align: 'right',
            responsive: ['md'],
            render: (_, i) => formatMoney(i.amountDue, i18n.language),
          },
        ]}
      />
    </SectionCard>
  );
}

export function PaymentsSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({
    query: CustomerPayments,
    variables: { customerId, first: FIRST },
  });
  const rows = data?.payments.edges.map((e) => e.node) ?? [];
  return (
    <SectionCard title={t('customer360.payments')}>
      {error && !data && <ErrorState error={error} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={fetching}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customer360.noPayments') }}
        columns={[
          {
            title: t('customer360.number'),
            key: 'number',
            render: (_, p) => <Link to={paymentPath(p.number)}>{p.number}</Link>,
          },
          {
            title: t('customer360.method'),
            key: 'method',
            render: (_, p) => t(`receivables.methods.${p.method}`),
          },
          {
            title: t('customer360.amount'),
            key: 'amount',
            align: 'right',
            render: (_, p) => formatMoney(p.amount, i18n.language),
          },
          {
            title: t('customer360.date'),
            key: 'date',
            render: (_, p) => formatDay(p.receivedOn, i18n.language),
          },
        ]}
      />
    </SectionCard>
  );
}

type Activity = NonNullable<
  Extract<CustomerTimelineQuery['node'], { timeline: unknown }>
>['timeline'][number];

function useActivityText() {
  const { t } = useTranslation();
  const status = (value?: string | null) => (value ? t(`orders.statuses.${value}`) : '');
  return (a: Activity): ReactNode => {
    const order = a.orderId ? (
      <Link to={orderPath(a.orderNumber ?? a.orderId)}>{a.orderNumber ?? a.subject}</Link>
    ) : (
      a.orderNumber
    );
    const facts = { from: status(a.fromStatus), to: status(a.toStatus) };
    switch (a.kind) {
      case 'STATUS_CHANGE':
        return withOrder(
          t(a.fromStatus ? 'customer360.activity.statusChange' : 'customer360.activity.created', {
            ...facts,
            order: '\u0000',
          }),
          order,
        );
      case 'COMMENT':
        return (
          <>
            {withOrder(t('customer360.activity.comment', { order: '\u0000' }), order)}
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
              {a.text}
            </Typography.Paragraph>
          </>
        );
      case 'EMAIL':
        return withOrder(
          t(`customer360.activity.emails.${a.action.replace(/^email\./, '')}`, {
            subject: a.subject ?? '',
            recipient: a.text ?? '',
            order: '\u0000',
            defaultValue: a.action,
          }),
          order,
        );
      default:
        return t('customer360.activity.recordChange', {
          action: t(`auditLog.actions.${a.action}`, { defaultValue: a.action }),
          subject: a.subject ?? '',
        });
    }
  };
}

/** A translated sentence with the order's link where its `{{order}}` placeholder was. */
function withOrder(sentence: string, order: ReactNode): ReactNode {
  const [before, after] = sentence.split('\u0000');
  return after === undefined ? (
    sentence
  ) : (
    <>
      {before}
      {order}
      {after}
    </>
  );
}

export function TimelineSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const describe = useActivityText();
  const [{ data, error }] = useQuery({
    query: CustomerTimeline,
    variables: { id: customerId, first: 30 },
  });
  const node = data?.node;
  const activities = node && 'timeline' in node ? node.timeline : [];
  return (
    <SectionCard title={t('customer360.timeline')}>
      {error && !data && <ErrorState error={error} />}
      {data && activities.length === 0 && (
        <Typography.Text type="secondary">{t('customer360.noActivity')}</Typography.Text>
      )}
      <Timeline
        data-testid="customer-timeline"
        style={{ marginTop: 8 }}
        items={activities.map((a, index) => ({
          key: `${a.at}-${index}`,
          children: (
            <div data-kind={a.kind}>
              <div style={{ overflowWrap: 'anywhere' }}>{describe(a)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(a.at, i18n.language, tenant.timeZone)} ·{' '}
                {a.actorName
                  ? t('customer360.activity.by', { name: a.actorName })
                  : t('customer360.activity.system')}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    </SectionCard>
  );
}
