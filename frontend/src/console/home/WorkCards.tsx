import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OrderStatus } from '../../gql/graphql';
import { formatMoney } from '../catalog/money';
import { OrderStatusTag } from '../orders/OrderStatusTag';
import { useCan } from '../viewer';
import { customerPath, orderPath } from '../links';

const LIMIT = 50;
const SHOWN = 5;

const HomeOrders = graphql(`
  query HomeOrders($first: Int, $filter: OrderFilterInput) {
    orders(first: $first, filter: $filter) {
      edges {
        node {
          id
          number
          status
          customer {
            id
            name
          }
          total {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const HomeCustomers = graphql(`
  query HomeCustomers($first: Int) {
    customers(first: $first) {
      edges {
        node {
          id
          name
          tier
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const HomeReceivables = graphql(`
  query HomeReceivables {
    agingReport {
      currency
      total {
        current
        total
      }
    }
  }
`);

const HomeRefunds = graphql(`
  query HomeRefunds($first: Int) {
    refunds(first: $first, filter: { status: REQUESTED }) {
      edges {
        node {
          id
          number
          customerName
          amount {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const HomeApprovals = graphql(`
  query HomeApprovals($first: Int) {
    approvalInbox(first: $first) {
      edges {
        node {
          id
          orderNumber
          customerName
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

interface Page {
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean };
}

function countOf(page: Page | undefined): string {
  if (!page) return '…';
  return page.pageInfo.hasNextPage ? `${page.edges.length}+` : String(page.edges.length);
}

/** One piece of the user's work: a number, the first few items and where to see them all. */
function WorkCard({
  testId,
  title,
  count,
  to,
  extra,
  children,
}: {
  testId: string;
  title: string;
  count: string;
  to: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Col xs={24} md={12} xl={8}>
      <Card
        title={title}
        data-testid={testId}
        extra={<Link to={to}>{t('roleHome.seeAll')}</Link>}
        style={{ height: '100%' }}
      >
        {count !== '' && <Statistic value={count} data-testid={`${testId}-count`} />}
        {extra}
        {children}
      </Card>
    </Col>
  );
}

function OrdersCard({
  status,
  testId,
  title,
  empty,
  readOnly = false,
}: {
  status: OrderStatus | null;
  testId: string;
  title: string;
  empty: string;
  readOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({
    query: HomeOrders,
    variables: { first: status ? LIMIT : SHOWN, filter: status ? { status } : null },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.orders;
  const orders = (page?.edges ?? []).slice(0, SHOWN).map((edge) => edge.node);
  return (
    <WorkCard
      testId={testId}
      title={title}
      count={status ? countOf(page) : ''}
      to="/orders"
      extra={readOnly && <Tag data-testid="home-orders-read-only">{t('roleHome.readOnly')}</Tag>}
    >
      <List
        size="small"
        dataSource={orders}
        locale={{ emptyText: empty }}
        renderItem={(order) => (
          <List.Item>
            <Link to={orderPath(order.number)}>{order.number}</Link>
            <Typography.Text type="secondary" ellipsis style={{ flex: 1, margin: '0 8px' }}>
              {order.customer?.name ?? ''}
            </Typography.Text>
            {status ? (
              formatMoney(order.total, i18n.language)
            ) : (
              <OrderStatusTag status={order.status} />
            )}
          </List.Item>
        )}
      />
    </WorkCard>
  );
}

function CustomersCard() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: HomeCustomers, variables: { first: LIMIT } });
  const customers = (data?.customers.edges ?? []).slice(0, SHOWN).map((edge) => edge.node);
  return (
    <WorkCard
      testId="home-customers"
      title={t('roleHome.customers')}
      count={countOf(data?.customers)}
      to="/customers"
    >
      <List
        size="small"
        dataSource={customers}
        locale={{ emptyText: t('roleHome.noCustomers') }}
        renderItem={(customer) => (
          <List.Item>
            <Link to={customerPath(customer.id)}>{customer.name}</Link>
          </List.Item>
        )}
      />
    </WorkCard>
  );
}

function ReceivablesCard() {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: HomeReceivables, requestPolicy: 'cache-and-network' });
  const report = data?.agingReport;
  const money = (amount: number) =>
    report
      ? formatMoney({ amount: amount.toFixed(2), currency: report.currency }, i18n.language)
      : '…';
  const open = report ? Number(report.total.total) : 0;
  const overdue = report ? open - Number(report.total.current) : 0;
  return (
    <WorkCard
      testId="home-receivables"
      title={t('roleHome.receivables')}
      count={money(open)}
      to="/receivables"
    >
      <Typography.Text type={overdue > 0 ? 'danger' : 'secondary'} data-testid="home-overdue">
        {t('roleHome.overdue', { amount: money(overdue) })}
      </Typography.Text>
    </WorkCard>
  );
}

function RefundsCard() {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({
    query: HomeRefunds,
    variables: { first: LIMIT },
    requestPolicy: 'cache-and-network',
  });
  const refunds = (data?.refunds.edges ?? []).slice(0, SHOWN).map((edge) => edge.node);
  return (
    <WorkCard
      testId="home-refunds"
      title={t('roleHome.refunds')}
      count={countOf(data?.refunds)}
      to="/refunds"
    >
      <List
        size="small"
        dataSource={refunds}
        locale={{ emptyText: t('roleHome.noRefunds') }}
        renderItem={(refund) => (
          <List.Item>
            {refund.number}
            <Typography.Text type="secondary" ellipsis style={{ flex: 1, margin: '0 8px' }}>
              {refund.customerName}
            </Typography.Text>
            {formatMoney(refund.amount, i18n.language)}
          </List.Item>
        )}
      />
    </WorkCard>
  );
}

function ApprovalsCard() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({
    query: HomeApprovals,
    variables: { first: LIMIT },
    requestPolicy: 'cache-and-network',
  });
  const steps = (data?.approvalInbox.edges ?? []).slice(0, SHOWN).map((edge) => edge.node);
  return (
    <WorkCard
      testId="home-approvals"
      title={t('roleHome.approvals')}
      count={countOf(data?.approvalInbox)}
      to="/approvals"
    >
      <List
        size="small"
        dataSource={steps}
        locale={{ emptyText: t('roleHome.noApprovals') }}
        renderItem={(step) => (
          <List.Item>
            {step.orderNumber}
            <Typography.Text type="secondary" ellipsis style={{ flex: 1, marginLeft: 8 }}>
              {step.customerName}
            </Typography.Text>
          </List.Item>
        )}
      />
    </WorkCard>
  );
}

/** What waits for the signed-in user, by what their roles allow: drafts to submit, orders
 * to ship, approvals to decide, money owed, refunds to pay out, customers to help. */
export function WorkCards() {
  const { t } = useTranslation();
  const readsOrders = useCan('orders', 'read');
  const submits = useCan('orders', 'submit');
  const writesOrders = useCan('orders', 'write');
  const ships = useCan('orders', 'ship');
  const readsCustomers = useCan('customers', 'read');
  const readsPayments = useCan('payments', 'read');
  const executesRefunds = useCan('refunds', 'execute');
  const readsApprovals = useCan('approvals', 'read');
  return (
    <Row gutter={[16, 16]} data-testid="home-work">
      {submits && (
        <OrdersCard
          status="DRAFT"
          testId="home-drafts"
          title={t('roleHome.drafts')}
          empty={t('roleHome.noDrafts')}
        />
      )}
      {ships && (
        <OrdersCard
          status="READY_TO_SHIP"
          testId="home-ready-to-ship"
          title={t('roleHome.readyToShip')}
          empty={t('roleHome.nothingToShip')}
        />
      )}
      {readsApprovals && <ApprovalsCard />}
      {readsPayments && <ReceivablesCard />}
      {executesRefunds && <RefundsCard />}
      {readsCustomers && <CustomersCard />}
      {readsOrders && (
        <OrdersCard
          status={null}
          testId="home-orders"
          title={t('roleHome.latestOrders')}
          empty={t('roleHome.noOrders')}
          readOnly={!writesOrders}
        />
      )}
    </Row>
  );
}
