import { Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import type { RefundFilter, RefundStatus } from '../../gql/graphql';
import { useMoreRows } from '../../shared/useMoreRows';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { useCan } from '../viewer';
import { RefundsList } from './queries';
import { RefundDrawer } from './RefundDrawer';
import { RefundsTable, type RefundRow } from './RefundsTable';
import { REFUND_STATUSES } from './statuses';

const PAGE_SIZE = 25;
const ALL = 'ALL';
const URL_DEFAULTS = { customer: null as string | null };

function isStatus(value: string | null): value is RefundStatus {
  return (REFUND_STATUSES as readonly string[]).includes(value ?? '');
}

/** Refunds by status, Requested first: finance executes or rejects them. */
export default function RefundsPage() {
  const { t } = useTranslation();
  const mayRead = useCan('refunds', 'read');
  const [params, setParams] = useSearchParams();
  const tab = params.get('status');
  const status: RefundStatus | null = tab === ALL ? null : isStatus(tab) ? tab : 'REQUESTED';
  const [{ customer: customerId }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const setCustomerId = (id: string | null) => setUrl({ customer: id });
  const filter: RefundFilter = { status, customerId };
  const [selected, setSelected] = useState<RefundRow | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: RefundsList,
    variables: { first: PAGE_SIZE, filter },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  const more = useMoreRows(
    RefundsList,
    { first: PAGE_SIZE, filter },
    data?.refunds,
    (page) => page.refunds,
  );

  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const table = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <CustomerSearchSelect
          aria-label={t('refunds.customer')}
          placeholder={t('refunds.customer')}
          style={{ width: 220 }}
          value={customerId}
          onChange={(id) => setCustomerId(id ?? null)}
        />
      </Space>
      <RefundsTable
        rows={more.rows}
        loading={fetching}
        more={{ ...more, label: t('refunds.loadMore') }}
        onOpen={setSelected}
        testId="refunds-table"
      />
    </>
  );

  return (
    <>
      <PageHeader title={t('refunds.title')} />
      <Card size="small">
        <Tabs
          activeKey={status ?? ALL}
          onChange={(key) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (key === 'REQUESTED') next.delete('status');
                else next.set('status', key);
                return next;
              },
              { replace: true },
            )
          }
          items={[...REFUND_STATUSES, ALL].map((key) => ({
            key,
            label: key === ALL ? t('refunds.all') : t(`refunds.statuses.${key}`),
            children: key === (status ?? ALL) ? table : null,
          }))}
        />
      </Card>
      <RefundDrawer
        refund={selected}
        onClose={() => setSelected(null)}
        onChanged={(refund) => {
          setSelected(refund);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </>
  );
}
