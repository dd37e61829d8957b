import { Card, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { AgingReportQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatMoney } from '../catalog/money';
import { agingBars, BUCKET_COLOURS, BUCKETS, type BucketAmounts } from './aging';
import { formatDay } from '../../shared/format';
import { AgingReport } from './queries';

type CustomerRow = AgingReportQuery['agingReport']['customers'][number];

/** Horizontal bars, one per age bucket, drawn with plain boxes (no chart library needed). */
function AgingChart({ buckets, currency }: { buckets: BucketAmounts; currency: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="aging-chart" role="list" aria-label={t('receivables.aging.chartTitle')}>
      {agingBars(buckets).map((bar) => (
        <Flex
          key={bar.bucket}
          align="center"
          gap={12}
          style={{ marginBottom: 8 }}
          role="listitem"
          data-testid={`aging-bar-${bar.bucket}`}
        >
          <Typography.Text style={{ width: 120, flex: 'none' }}>
            {t(`receivables.aging.buckets.${bar.bucket}`)}
          </Typography.Text>
          <div style={{ flex: 1, background: '#f5f5f5', borderRadius: 4, height: 20 }}>
            <div
              style={{
                width: `${bar.widthPercent}%`,
                minWidth: bar.widthPercent > 0 ? 2 : 0,
                height: '100%',
                background: BUCKET_COLOURS[bar.bucket],
                borderRadius: 4,
              }}
            />
          </div>
          <Typography.Text style={{ width: 200, flex: 'none', textAlign: 'right' }}>
            {formatMoney({ amount: bar.amount, currency }, i18n.language)}
            <Typography.Text type="secondary">{` · ${bar.sharePercent}%`}</Typography.Text>
          </Typography.Text>
        </Flex>
      ))}
    </div>
  );
}

/** Open receivables by how long they have been due: the totals as a chart, then per customer. */
export function AgingTab({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AgingReport,
    variables: { customerId: null },
  });
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: 'network-only' });
  }, [refreshKey, refetch]);

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  const report = data?.agingReport;
  if (!report) return fetching ? <LoadingState /> : null;
  const money = (amount: string) =>
    formatMoney({ amount, currency: report.currency }, i18n.language);
  const bucketColumns = [...BUCKETS, 'total' as const].map((bucket) => ({
    title: t(`receivables.aging.buckets.${bucket}`),
    key: bucket,
    align: 'right' as const,
    render: (_: unknown, row: CustomerRow) =>
      bucket === 'total' ? <strong>{money(row.buckets.total)}</strong> : money(row.buckets[bucket]),
  }));

  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={t('receivables.aging.chartTitle')}
        extra={
          <Typography.Text type="secondary">
            {t('receivables.aging.asOf', { date: formatDay(report.asOf, i18n.language) })}
          </Typography.Text>
        }
      >
        <AgingChart buckets={report.total} currency={report.currency} />
        <Typography.Text
          strong
        >{`${t('receivables.aging.buckets.total')}: ${money(report.total.total)}`}</Typography.Text>
      </Card>
      <ConnectionTable<CustomerRow>
        rows={report.customers}
        rowKey="customerId"
        size="small"
        loading={fetching}
        scroll={{ x: 900 }}
        data-testid="aging-table"
        empty={t('receivables.aging.empty')}
        columns={[
          { title: t('receivables.customer'), dataIndex: 'customerName', key: 'customer' },
          ...bucketColumns,
        ]}
      />
    </>
  );
}
