import { Card, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type {
  InvoiceFilter,
  InvoiceKind,
  InvoiceStatus,
  InvoicesListQuery,
} from '../../gql/graphql';
import { useMoreRows } from '../../shared/useMoreRows';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { ConnectionTable, type MoreRowsControl } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { formatDay } from '../../shared/format';
import { ExportButton } from '../exports/ExportButton';
import { useCan } from '../viewer';
import { InvoicesList } from './queries';
import { INVOICE_KINDS, INVOICE_STATUSES } from './statuses';
import { InvoiceKindTag, InvoiceStatusTag } from './tags';
import { invoicePath, orderPath } from '../links';

export type InvoiceRow = InvoicesListQuery['invoices']['edges'][number]['node'];
const PAGE_SIZE = 25;
const URL_DEFAULTS = { filter: {} as InvoiceFilter };

/** Invoices and credit notes, newest first, filtered by kind, status and customer. */
export default function InvoicesPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('invoices', 'read');
  const [{ filter }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvoicesList,
    variables: { first: PAGE_SIZE, filter },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  const more = useMoreRows(
    InvoicesList,
    { first: PAGE_SIZE, filter },
    data?.invoices,
    (page) => page.invoices,
  );

  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const update = (patch: Partial<InvoiceFilter>) => setUrl({ filter: { ...filter, ...patch } });
  const language = i18n.language;

  return (
    <>
      <PageHeader
        title={t('invoices.title')}
        extra={<ExportButton list="INVOICES" filter={filter} />}
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label={t('lists.invoiceNumber')}
            placeholder={t('lists.invoiceNumber')}
            allowClear
            style={{ width: 200 }}
            defaultValue={filter.number ?? undefined}
            key={`number-${filter.number ?? ''}`}
            onSearch={(text) => update({ number: text.trim() || null })}
          />
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
          rows={more.rows}
          loading={fetching}
          more={{ ...more, label: t('invoices.loadMore') }}
          language={language}
          testId="invoices-table"
        />
      </Card>
    </>
  );
}

/** The invoice columns, shared by the list and the order's panel. */
export function InvoicesTable({
  rows,
  loading,
  more,
  language,
  testId,
  compact = false,
  empty,
}: {
  rows: InvoiceRow[];
  loading: boolean;
  more?: MoreRowsControl;
  language: string;
  testId: string;
  compact?: boolean;
  /** What an empty table says (default: no invoices yet). */
  empty?: string;
}) {
  const { t } = useTranslation();
  const money = (value: { amount: string; currency: string }) => formatMoney(value, language);
  return (
    <ConnectionTable<InvoiceRow>
      rows={rows}
      more={more}
      size="small"
      loading={loading}
      scroll={{ x: compact ? 800 : 1100 }}
      data-testid={testId}
      empty={empty ?? t('invoices.empty')}
      columns={[
        {
          title: t('invoices.number'),
          key: 'number',
          render: (_, r) => <Link to={invoicePath(r.number)}>{r.number}</Link>,
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
                  <Link to={orderPath(r.orderNumber)}>{r.orderNumber}</Link>
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
