import { Checkbox, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { ReceivableFilter, ReceivableStatus, ReceivablesListQuery } from '../../gql/graphql';
import { useMoreRows } from '../../shared/useMoreRows';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { ErrorState } from '../../shared/components/States';
import { receivableTermText } from '../../shared/serverText';
import { formatMoney } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { formatDay } from '../../shared/format';
import { ReceivablesList } from './queries';
import { RECEIVABLE_STATUSES } from './statuses';
import { ReceivableStatusTag } from './tags';
import { orderPath } from '../links';

export type ReceivableRow = ReceivablesListQuery['receivables']['edges'][number]['node'];
const PAGE_SIZE = 25;

/** Receivables, oldest due first, filtered by customer, status and overdue; "load more" pages on. */
export function ReceivablesTab({
  refreshKey,
  filter,
  onFilter,
}: {
  refreshKey: number;
  filter: ReceivableFilter;
  onFilter: (filter: ReceivableFilter) => void;
}) {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ReceivablesList,
    variables: { first: PAGE_SIZE, filter },
  });
  const more = useMoreRows(
    ReceivablesList,
    { first: PAGE_SIZE, filter },
    data?.receivables,
    (page) => page.receivables,
  );
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: 'network-only' });
  }, [refreshKey, refetch]);

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const update = (patch: Partial<ReceivableFilter>) => onFilter({ ...filter, ...patch });
  const money = (value: { amount: string; currency: string }) => formatMoney(value, i18n.language);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <CustomerSearchSelect
          aria-label={t('receivables.customer')}
          placeholder={t('receivables.customer')}
          style={{ width: 220 }}
          value={filter.customerId ?? null}
          onChange={(id) => update({ customerId: id ?? null })}
        />
        <Select
          aria-label={t('receivables.status')}
          placeholder={t('receivables.status')}
          allowClear
          style={{ width: 150 }}
          value={filter.status ?? undefined}
          onChange={(status?: ReceivableStatus) => update({ status: status ?? null })}
          options={RECEIVABLE_STATUSES.map((s) => ({
            value: s,
            label: t(`receivables.statuses.${s}`),
          }))}
        />
        <Checkbox
          checked={!!filter.overdueOnly}
          onChange={(e) => update({ overdueOnly: e.target.checked })}
        >
          {t('receivables.overdueOnly')}
        </Checkbox>
      </Space>
      <ConnectionTable<ReceivableRow>
        rows={more.rows}
        size="small"
        loading={fetching}
        more={{ ...more, label: t('receivables.loadMore') }}
        scroll={{ x: 1000 }}
        data-testid="receivables-table"
        empty={t('receivables.empty')}
        columns={[
          {
            title: t('receivables.order'),
            key: 'order',
            render: (_, r) => <Link to={orderPath(r.orderNumber)}>{r.orderNumber}</Link>,
          },
          { title: t('receivables.customer'), dataIndex: 'customerName', key: 'customer' },
          {
            title: t('receivables.label'),
            key: 'label',
            render: (_, r) => receivableTermText(t, r.term),
          },
          {
            title: t('receivables.dueDate'),
            key: 'due',
            render: (_, r) =>
              r.dueDate ? (
                formatDay(r.dueDate, i18n.language)
              ) : (
                <Typography.Text type="secondary">{t('receivables.notDueYet')}</Typography.Text>
              ),
          },
          {
            title: t('receivables.daysOverdue'),
            key: 'overdue',
            align: 'right',
            render: (_, r) =>
              r.daysOverdue > 0 ? (
                <Typography.Text type="danger" strong data-testid="days-overdue">
                  {r.daysOverdue}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">0</Typography.Text>
              ),
          },
          {
            title: t('receivables.amount'),
            key: 'amount',
            align: 'right',
            render: (_, r) => money(r.amount),
          },
          {
            title: t('receivables.paid'),
            key: 'paid',
            align: 'right',
            render: (_, r) => money(r.amountPaid),
          },
          {
            title: t('receivables.open'),
            key: 'open',
            align: 'right',
            render: (_, r) => <span data-testid="amount-open">{money(r.amountOpen)}</span>,
          },
          {
            title: t('receivables.status'),
            key: 'status',
            render: (_, r) => <ReceivableStatusTag status={r.status} />,
          },
        ]}
      />
    </>
  );
}
