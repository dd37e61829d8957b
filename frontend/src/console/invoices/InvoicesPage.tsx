import { App, Button, Card, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import type {
  InvoiceFilter,
  InvoiceKind,
  InvoiceStatus,
  InvoicesListQuery,
} from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { EmptyState, ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { formatDay } from '../receivables/dates';
import { useCan } from '../viewer';
import { InvoicesList } from './queries';
import { INVOICE_KINDS, INVOICE_STATUSES, InvoiceKindTag, InvoiceStatusTag } from './tags';

export type InvoiceRow = InvoicesListQuery['invoices']['edges'][number]['node'];
type Connection = InvoicesListQuery['invoices'];
const PAGE_SIZE = 25;

/** Invoices and credit notes, newest first, filtered by kind, status and customer. */
export default function InvoicesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const mayRead = useCan('invoices', 'read');
  const [filter, setFilter] = useState<InvoiceFilter>({});
  const [more, setMore] = useState<{ rows: InvoiceRow[]; pageInfo: Connection['pageInfo'] } | null>(
    null,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvoicesList,
    variables: { first: PAGE_SIZE, filter },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => setMore(null), [filter, data]);

  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const first = data?.invoices;
  const rows = [...(first?.edges.map((e) => e.node) ?? []), ...(more?.rows ?? [])];
  const pageInfo = more?.pageInfo ?? first?.pageInfo;
  const loadMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    const result = await client
      .query(InvoicesList, { first: PAGE_SIZE, after: pageInfo.endCursor, filter })
      .toPromise();
    setLoadingMore(false);
    const next = result.data?.invoices;
    if (result.error || !next)
      return void message.error(result.error?.message ?? t('states.networkError'));
    setMore({
      rows: [...(more?.rows ?? []), ...next.edges.map((e) => e.node)],
      pageInfo: next.pageInfo,
    });
  };
  const update = (patch: Partial<InvoiceFilter>) => setFilter({ ...filter, ...patch });
  const language = i18n.language;

  return (
    <>
      <PageHeader title={t('invoices.title')} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('invoices.kind')}
            placeholder={t('invoices.kind')}
            allowClear
            style={{ width: 160 }}
            value={filter.kind ?? undefined}
            onChange={(kind?: InvoiceKind) => update({ kind: kind ?? null })}
            options={INVOICE_KINDS.map((k) => ({ value: k, label: t(`invoices.kinds.${k}`) }))}
          />
          <Select
            aria-label={t('invoices.status')}
            placeholder={t('invoices.status')}
            allowClear
            style={{ width: 170 }}
            value={filter.status ?? undefined}
            onChange={(status?: InvoiceStatus) => update({ status: status ?? null })}
            options={INVOICE_STATUSES.map((s) => ({
              value: s,
              label: t(`invoices.statuses.${s}`),
            }))}
          />
          <CustomerSearchSelect
            aria-label={t('invoices.customer')}
            placeholder={t('invoices.customer')}
            style={{ width: 220 }}
            value={filter.customerId ?? null}
            onChange={(id) => update({ customerId: id ?? null })}
          />
        </Space>
        <InvoicesTable
          rows={rows}
          loading={fetching || loadingMore}
          language={language}
          testId="invoices-table"
        />
        {pageInfo?.hasNextPage && (
          <Button style={{ marginTop: 12 }} loading={loadingMore} onClick={() => void loadMore()}>
            {t('invoices.loadMore')}
          </Button>
        )}
      </Card>
    </>
  );
}

/** The invoice columns, shared by the list and the order's panel. */
export function InvoicesTable({
  rows,
  loading,
  language,
  testId,
  compact = false,
}: {
  rows: InvoiceRow[];
  loading: boolean;
  language: string;
  testId: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const money = (value: { amount: string; currency: string }) => formatMoney(value, language);
  return (
    <Table<InvoiceRow>
      rowKey="id"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={rows}
      scroll={{ x: compact ? 800 : 1100 }}
      data-testid={testId}
      locale={{ emptyText: <EmptyState description={t('invoices.empty')} /> }}
      columns={[
        {
          title: t('invoices.number'),
          key: 'number',
          render: (_, r) => <Link to={`/invoices/${encodeURIComponent(r.id)}`}>{r.number}</Link>,
        },
        {
          title: t('invoices.kind'),
          key: 'kind',
          render: (_, r) => <InvoiceKindTag kind={r.kind} />,
        },
        ...(compact
          ? []
          : [
              {
                title: t('invoices.order'),
                key: 'order',
                render: (_: unknown, r: InvoiceRow) => (
                  <Link to={`/orders/${encodeURIComponent(r.orderId)}`}>{r.orderNumber}</Link>
                ),
              },
              { title: t('invoices.customer'), dataIndex: 'customerName', key: 'customer' },
            ]),
        {
          title: t('invoices.basis'),
          key: 'basis',
          render: (_, r) => t(`invoices.bases.${r.basis}`),
        },
        {
          title: t('invoices.issuedOn'),
          key: 'issued',
          render: (_, r) => formatDay(r.issuedOn, language),
        },
        {
          title: t('invoices.dueDate'),
          key: 'due',
          render: (_, r) => (r.dueDate ? formatDay(r.dueDate, language) : '—'),
        },
        {
          title: t('invoices.total'),
          key: 'total',
          align: 'right',
          render: (_, r) => <span data-testid="invoice-total">{money(r.total)}</span>,
        },
        {
          title: t('invoices.amountDue'),
          key: 'amountDue',
          align: 'right',
          render: (_, r) =>
            r.kind === 'CREDIT_NOTE' ? (
              '—'
            ) : (
              <span data-testid="invoice-amount-due">{money(r.amountDue)}</span>
            ),
        },
        {
          title: t('invoices.status'),
          key: 'status',
          render: (_, r) => <InvoiceStatusTag status={r.status} />,
        },
      ]}
    />
  );
}
