import { Button, Card, Form, InputNumber, Modal, Segmented, Select, Space, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { SubscriptionRowFieldsFragment, SubscriptionStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { customerPath } from '../links';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { useCan } from '../viewer';
import { SubscriptionStatusTag } from './SubscriptionStatusTag';
import { errorText, subscriptionPath } from './subscriptionText';
import { PlansList, StartSubscription, SubscriptionsList } from './queries';

const PAGE_SIZE = 25;
const VIEWS = ['RUNNING', 'TRIALING', 'PAST_DUE', 'ENDED', 'ALL'] as const;
type View = (typeof VIEWS)[number];
const VIEW_STATUSES: Record<View, SubscriptionStatus[] | null> = {
  RUNNING: ['ACTIVE', 'TRIALING', 'PAST_DUE', 'PAUSED'],
  TRIALING: ['TRIALING'],
  PAST_DUE: ['PAST_DUE'],
  ENDED: ['CANCELLED', 'EXPIRED'],
  ALL: null,
};
const URL_DEFAULTS = { view: 'RUNNING', customer: null as string | null };

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

interface StartValues {
  customerId: string;
  planId: string;
  quantity: number;
}

/** Starting a subscription: a customer, one plan and its quantity (today, trial from the
 * plan); more plans are added on the subscription's page by staff with the API. */
function StartDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<StartValues>();
  const [plans] = useQuery({ query: PlansList, variables: { activeOnly: true }, pause: !open });
  const [{ fetching }, start] = useMutation(StartSubscription);
  const submit = async (values: StartValues) => {
    const result = await start({
      input: {
        customerId: values.customerId,
        lines: [{ planId: values.planId, quantity: String(values.quantity) }],
      },
    });
    const payload = result.data?.startSubscription;
    const failure = result.error ? t('states.networkError') : errorText(t, payload?.userErrors);
    if (failure || !payload?.subscription) {
      void message.error(failure ?? t('states.networkError'));
      return;
    }
    onClose();
    navigate(subscriptionPath(payload.subscription.id));
  };
  return (
    <Modal
      open={open}
      title={t('subscriptions.actions.start')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={fetching}
      okText={t('subscriptions.actions.save')}
      destroyOnClose
    >
      <Form<StartValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ quantity: 1 }}
      >
        <Form.Item
          name="customerId"
          label={t('subscriptions.customer')}
          rules={[{ required: true }]}
        >
          <CustomerSearchSelect aria-label={t('subscriptions.customer')} />
        </Form.Item>
        <Form.Item name="planId" label={t('subscriptions.plan')} rules={[{ required: true }]}>
          <Select
            aria-label={t('subscriptions.plan')}
            options={(plans.data?.subscriptionPlans.edges ?? []).map(({ node }) => ({
              value: node.id,
              label: `${node.code} · ${node.name} (${t(`subscriptions.periods.${node.billingPeriod}`)})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="quantity" label={t('subscriptions.quantity')} rules={[{ required: true }]}>
          <InputNumber min={0.001} step={1} aria-label={t('subscriptions.quantity')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The subscriptions list: running ones first, by status, filtered by customer. */
export default function SubscriptionsPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('subscriptions', 'read');
  const mayWrite = useCan('subscriptions', 'write');
  const [url, setUrl] = useUrlFilters(URL_DEFAULTS);
  const [starting, setStarting] = useState(false);
  const view: View = isView(url.view) ? url.view : 'RUNNING';
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SubscriptionsList,
    variables: {
      first: PAGE_SIZE,
      after: pager.after,
      filter: { statuses: VIEW_STATUSES[view], customerId: url.customer },
    },
    pause: !mayRead,
  });
  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={() => refetch()} />;
  const change = (values: Partial<typeof URL_DEFAULTS>) => {
    setUrl(values);
    pager.reset();
  };
  return (
    <>
      <PageHeader
        title={t('subscriptions.title')}
        extra={
          <Space>
            <Link to="/subscriptions/plans">{t('subscriptions.plansTitle')}</Link>
            {mayWrite && (
              <Button
                type="primary"
                onClick={() => setStarting(true)}
                data-testid="start-subscription"
              >
                {t('subscriptions.actions.start')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(value) => change({ view: value })}
            options={VIEWS.map((v) => ({ value: v, label: t(`subscriptions.views.${v}`) }))}
          />
          <CustomerSearchSelect
            aria-label={t('subscriptions.customer')}
            placeholder={t('subscriptions.customer')}
            value={url.customer}
            onChange={(id) => change({ customer: id ?? null })}
          />
        </Space>
        {!data && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<SubscriptionRowFieldsFragment>
            connection={data?.subscriptions}
            size="small"
            loading={fetching}
            data-testid="subscriptions"
            emptyText={t('subscriptions.empty')}
            columns={[
              {
                title: t('subscriptions.number'),
                key: 'number',
                render: (_, row) => <Link to={subscriptionPath(row.id)}>{row.number}</Link>,
              },
              {
                title: t('subscriptions.customer'),
                key: 'customer',
                render: (_, row) =>
                  row.customer ? (
                    <Link to={customerPath(row.customer.id)}>{row.customer.name}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('subscriptions.plans'),
                key: 'plans',
                render: (_, row) =>
                  row.lines.map((l) => `${l.plan?.code ?? ''} × ${Number(l.quantity)}`).join(', '),
              },
              {
                title: t('subscriptions.status'),
                key: 'status',
                render: (_, row) => <SubscriptionStatusTag status={row.status} />,
              },
              {
                title: t('subscriptions.nextRenewal'),
                key: 'renewal',
                render: (_, row) => formatDay(row.currentPeriodEnd, i18n.language),
              },
              {
                title: t('subscriptions.mrr'),
                key: 'mrr',
                align: 'right',
                render: (_, row) => `${row.mrr.amount} ${row.mrr.currency}`,
              },
            ]}
          />
        )}
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={!!data?.subscriptions.pageInfo.hasNextPage}
          onPrevious={pager.previous}
          onNext={() => pager.next(data?.subscriptions.pageInfo.endCursor)}
        />
      </Card>
      <StartDialog open={starting} onClose={() => setStarting(false)} />
    </>
  );
}
