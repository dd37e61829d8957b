import { Button, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MrrMovementsQuery, RecurringRevenueQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatCurrency, formatDay } from '../../shared/format';
import { customerPath } from '../links';
import { useCan } from '../viewer';
import { MOVEMENT_COLOURS, type MonthMovements } from './chart';
import { MovementsChart } from './MovementsChart';
import {
  MrrMovementsQuery as MovementsDocument,
  RecurringRevenueQuery as RevenueDocument,
} from './queries';

type Month = RecurringRevenueQuery['recurringRevenue']['months'][number];
type Movement = MrrMovementsQuery['mrrMovements']['edges'][number]['node'];
const SPANS = { M6: 6, M12: 12, M24: 24 } as const;
type Span = keyof typeof SPANS;

/** The first day of the month `count` months before this one, as an ISO date. */
function monthsAgo(count: number): string {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count, 1));
  return first.toISOString().slice(0, 10);
}

function rate(value: string | null | undefined): string {
  return value == null ? '—' : `${(Number(value) * 100).toFixed(1)} %`;
}

function movementsOf(month: Month): MonthMovements {
  return {
    month: month.month,
    amounts: {
      new: Number(month.new.amount),
      expansion: Number(month.expansion.amount),
      reactivation: Number(month.reactivation.amount),
      contraction: Number(month.contraction.amount),
      churn: Number(month.churn.amount),
    },
  };
}

/** Recurring revenue (revenue:read): MRR and ARR now, the months' movements as a chart and
 * a table with churn and retention, and the latest movements of the ledger. */
export default function RecurringRevenuePage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('revenue', 'read');
  const [span, setSpan] = useState<Span>('M12');
  const [currency, setCurrency] = useState<string | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: RevenueDocument,
    variables: { currency, fromMonth: monthsAgo(SPANS[span] - 1) },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  if (!mayRead) return <ForbiddenState />;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const revenue = data?.recurringRevenue;
  if (!revenue) return fetching ? <LoadingState /> : null;
  const money = (amount: string) => formatCurrency(Number(amount), revenue.currency, i18n.language);
  const latest = revenue.months[revenue.months.length - 1];
  return (
    <>
      <PageHeader title={t('revenue.title')} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Segmented<Span>
              aria-label={t('revenue.span')}
              value={span}
              onChange={setSpan}
              options={(Object.keys(SPANS) as Span[]).map((s) => ({
                value: s,
                label: t(`revenue.spans.${s}`),
              }))}
            />
            {revenue.currencies.length > 1 && (
              <Select
                aria-label={t('revenue.currency')}
                value={revenue.currency}
                onChange={setCurrency}
                options={revenue.currencies.map((c) => ({ value: c, label: c }))}
                style={{ minWidth: 100 }}
              />
            )}
          </Space>
        </Card>
        <Row gutter={[16, 16]} data-testid="revenue-figures">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('revenue.mrr')} value={money(revenue.mrr.amount)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('revenue.arr')} value={money(revenue.arr.amount)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('revenue.activeCustomers')} value={revenue.activeCustomers} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('revenue.netRetentionThisMonth')}
                value={rate(latest?.netRevenueRetention)}
              />
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('revenue.chartTitle')}>
          <MovementsChart months={revenue.months.map(movementsOf)} />
        </Card>
        <MonthsTable months={revenue.months} money={money} />
        <MovementsCard currency={revenue.currency} />
      </Space>
    </>
  );
}

function MonthsTable({ months, money }: { months: Month[]; money: (amount: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('revenue.byMonth')}>
      <Table<Month>
        size="small"
        rowKey="month"
        pagination={false}
        scroll={{ x: true }}
        dataSource={[...months].reverse()}
        data-testid="revenue-months"
        columns={[
          {
            title: t('revenue.month'),
            dataIndex: 'month',
            render: (value: string) => formatDay(value, i18n.language).slice(0, 7),
          },
          { title: t('revenue.mrrStart'), render: (_, m) => money(m.mrrStart.amount) },
          { title: t('revenue.kinds.new'), render: (_, m) => money(m.new.amount) },
          { title: t('revenue.kinds.expansion'), render: (_, m) => money(m.expansion.amount) },
          {
            title: t('revenue.kinds.reactivation'),
            render: (_, m) => money(m.reactivation.amount),
          },
          {
            title: t('revenue.kinds.contraction'),
            render: (_, m) => money(m.contraction.amount),
          },
          { title: t('revenue.kinds.churn'), render: (_, m) => money(m.churn.amount) },
          { title: t('revenue.mrrEnd'), render: (_, m) => money(m.mrrEnd.amount) },
          {
            title: t('revenue.customers'),
            render: (_, m) => `${m.customersStart} → ${m.customersEnd}`,
          },
          { title: t('revenue.logoChurn'), render: (_, m) => rate(m.logoChurnRate) },
          { title: t('revenue.revenueChurn'), render: (_, m) => rate(m.revenueChurnRate) },
          { title: t('revenue.netRetention'), render: (_, m) => rate(m.netRevenueRetention) },
        ]}
      />
    </Card>
  );
}

const PAGE = 20;

function MovementsCard({ currency }: { currency: string }) {
  const { t, i18n } = useTranslation();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching }] = useQuery({
    query: MovementsDocument,
    variables: { filter: { currency }, first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.mrrMovements;
  return (
    <Card
      size="small"
      title={t('revenue.movements')}
      extra={
        <Space>
          <Button size="small" disabled={!after} onClick={() => setAfter(null)}>
            {t('revenue.newest')}
          </Button>
          <Button
            size="small"
            disabled={!page?.pageInfo.hasNextPage}
            onClick={() => setAfter(page?.pageInfo.endCursor ?? null)}
          >
            {t('revenue.older')}
          </Button>
        </Space>
      }
    >
      <Table<Movement>
        size="small"
        rowKey="id"
        loading={fetching && !page}
        pagination={false}
        dataSource={page?.edges.map((e) => e.node) ?? []}
        data-testid="mrr-movements"
        locale={{ emptyText: t('revenue.noMovements') }}
        columns={[
          {
            title: t('revenue.effectiveOn'),
            dataIndex: 'effectiveOn',
            render: (value: string) => formatDay(value, i18n.language),
          },
          {
            title: t('revenue.customer'),
            render: (_, m) =>
              m.customer ? <Link to={customerPath(m.customerId)}>{m.customer.name}</Link> : '—',
          },
          {
            title: t('revenue.kind'),
            render: (_, m) => (
              <Tag color={MOVEMENT_COLOURS[m.kind.toLowerCase() as keyof typeof MOVEMENT_COLOURS]}>
                {t(`revenue.kinds.${m.kind.toLowerCase()}`)}
              </Tag>
            ),
          },
          {
            title: t('revenue.amount'),
            render: (_, m) =>
              formatCurrency(Number(m.amount.amount), m.amount.currency, i18n.language),
          },
          {
            title: t('revenue.customerMrrAfter'),
            render: (_, m) =>
              formatCurrency(
                Number(m.customerMrrAfter.amount),
                m.customerMrrAfter.currency,
                i18n.language,
              ),
          },
          { title: t('revenue.cause'), render: (_, m) => t(`revenue.causes.${m.cause}`, m.cause) },
        ]}
      />
    </Card>
  );
}
