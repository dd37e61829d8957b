import { Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { PaymentFilter, PaymentsListQuery } from '../../gql/graphql';
import { useMoreRows } from '../../shared/useMoreRows';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { ErrorState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { formatDay } from '../../shared/format';
import { PaymentsList } from './queries';
import { paymentPath } from '../links';

type PaymentRow = PaymentsListQuery['payments']['edges'][number]['node'];
const PAGE_SIZE = 25;
const URL_DEFAULTS = { payments: {} as PaymentFilter };

/** Payments received, newest first, optionally of one customer. */
export function PaymentsTab({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const [{ payments: filter }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const setFilter = (next: PaymentFilter) => setUrl({ payments: next });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PaymentsList,
    variables: { first: PAGE_SIZE, filter },
  });
  const more = useMoreRows(
    PaymentsList,
    { first: PAGE_SIZE, filter },
    data?.payments,
    (page) => page.payments,
  );
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: 'network-only' });
  }, [refreshKey, refetch]);

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <CustomerSearchSelect
          aria-label={t('receivables.customer')}
          placeholder={t('receivables.customer')}
          style={{ width: 220 }}
          value={filter.customerId ?? null}
          onChange={(id) => setFilter({ customerId: id ?? null })}
        />
      </Space>
      <ConnectionTable<PaymentRow>
        rows={more.rows}
        size="small"
        loading={fetching}
        more={{ ...more, label: t('receivables.loadMore') }}
        scroll={{ x: 800 }}
        data-testid="payments-table"
        empty={t('receivables.payments.empty')}
        columns={[
          {
            title: t('receivables.payments.number'),
            key: 'number',
            render: (_, p) => <Link to={paymentPath(p.number)}>{p.number}</Link>,
          },
          {
            title: t('receivables.payments.receivedOn'),
            key: 'receivedOn',
            render: (_, p) => formatDay(p.receivedOn, i18n.language),
          },
          { title: t('receivables.customer'), dataIndex: 'customerName', key: 'customer' },
          {
            title: t('receivables.payments.method'),
            key: 'method',
            render: (_, p) => t(`receivables.methods.${p.method}`),
          },
          {
            title: t('receivables.payments.amount'),
            key: 'amount',
            align: 'right',
            render: (_, p) => formatMoney(p.amount, i18n.language),
          },
          {
            title: t('receivables.payments.reference'),
            key: 'reference',
            render: (_, p) => p.reference ?? '—',
          },
        ]}
      />
    </>
  );
}
