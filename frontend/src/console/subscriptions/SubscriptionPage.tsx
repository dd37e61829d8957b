import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Space,
  Switch,
  Table,
  Tag,
  message,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { SubscriptionChangeTiming, SubscriptionDetailFieldsFragment } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { customerPath, orderPath } from '../links';
import { useCan } from '../viewer';
import { SubscriptionStatusTag } from './SubscriptionStatusTag';
import { errorText } from './subscriptionText';
import {
  CancelSubscription,
  ChangeSubscription,
  PauseSubscription,
  ReactivateSubscription,
  ResumeSubscription,
  SetAutoRenew,
  SubscriptionDetail,
} from './queries';

type Subscription = SubscriptionDetailFieldsFragment;
interface Payload {
  subscription?: unknown;
  userErrors: { code: string; message: string }[];
}

function useOutcome() {
  const { t } = useTranslation();
  return (result: { error?: unknown; data?: Record<string, Payload> | null }, field: string) => {
    const payload = result.data?.[field];
    const failure = result.error ? t('states.networkError') : errorText(t, payload?.userErrors);
    if (failure) void message.error(failure);
    else void message.success(t('subscriptions.saved'));
    return !failure;
  };
}

function QuantityDialog({
  subscription,
  onClose,
}: {
  subscription: Subscription;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const outcome = useOutcome();
  const [{ fetching }, change] = useMutation(ChangeSubscription);
  const [form] = Form.useForm<{ quantity: number; timing: SubscriptionChangeTiming }>();
  const line = subscription.lines[0];
  const submit = async (values: { quantity: number; timing: SubscriptionChangeTiming }) => {
    const result = await change({
      input: {
        subscriptionId: subscription.id,
        lineId: line?.id,
        quantity: String(values.quantity),
        timing: values.timing,
      },
    });
    if (outcome(result, 'changeSubscription')) onClose();
  };
  return (
    <Modal
      open
      title={t('subscriptions.actions.changeQuantity')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={fetching}
      okText={t('subscriptions.actions.save')}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ quantity: Number(line?.quantity ?? 1), timing: 'NOW' }}
      >
        <Form.Item name="quantity" label={t('subscriptions.quantity')} rules={[{ required: true }]}>
          <InputNumber aria-label={t('subscriptions.quantity')} step={1} />
        </Form.Item>
        <Form.Item name="timing" label={t('subscriptions.form.when')}>
          <Radio.Group
            options={(['NOW', 'PERIOD_END'] as const).map((v) => ({
              value: v,
              label: t(`subscriptions.timing.${v}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Actions({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const outcome = useOutcome();
  const [changing, setChanging] = useState(false);
  const [, cancel] = useMutation(CancelSubscription);
  const [, reactivate] = useMutation(ReactivateSubscription);
  const [, pause] = useMutation(PauseSubscription);
  const [, resume] = useMutation(ResumeSubscription);
  const [, autoRenew] = useMutation(SetAutoRenew);
  const ended = subscription.status === 'CANCELLED' || subscription.status === 'EXPIRED';
  const input = { subscriptionId: subscription.id };
  return (
    <Space wrap data-testid="subscription-actions">
      {!ended && (
        <Button onClick={() => setChanging(true)}>
          {t('subscriptions.actions.changeQuantity')}
        </Button>
      )}
      {!ended && !subscription.cancelAtPeriodEnd && (
        <Button
          onClick={async () =>
            outcome(
              await cancel({ input: { ...input, timing: 'PERIOD_END' } }),
              'cancelSubscription',
            )
          }
        >
          {t('subscriptions.actions.cancelAtEnd')}
        </Button>
      )}
      {!ended && (
        <Popconfirm
          title={t('subscriptions.actions.cancelNow')}
          onConfirm={async () =>
            outcome(await cancel({ input: { ...input, timing: 'NOW' } }), 'cancelSubscription')
          }
        >
          <Button danger>{t('subscriptions.actions.cancelNow')}</Button>
        </Popconfirm>
      )}
      {(ended || subscription.cancelAtPeriodEnd) && (
        <Button
          type="primary"
          onClick={async () => outcome(await reactivate({ input }), 'reactivateSubscription')}
        >
          {t('subscriptions.actions.reactivate')}
        </Button>
      )}
      {subscription.status === 'PAUSED' ? (
        <Button onClick={async () => outcome(await resume({ input }), 'resumeSubscription')}>
          {t('subscriptions.actions.resume')}
        </Button>
      ) : (
        !ended && (
          <Button onClick={async () => outcome(await pause({ input }), 'pauseSubscription')}>
            {t('subscriptions.actions.pause')}
          </Button>
        )
      )}
      {!ended && (
        <Space>
          {t('subscriptions.autoRenew')}
          <Switch
            checked={subscription.autoRenew}
            aria-label={t('subscriptions.autoRenew')}
            onChange={async (checked) =>
              outcome(
                await autoRenew({ input: { ...input, autoRenew: checked } }),
                'setSubscriptionAutoRenew',
              )
            }
          />
        </Space>
      )}
      {changing && (
        <QuantityDialog subscription={subscription} onClose={() => setChanging(false)} />
      )}
    </Space>
  );
}

function Details({ subscription }: { subscription: Subscription }) {
  const { t, i18n } = useTranslation();
  const day = (value: string | null | undefined) => formatDay(value, i18n.language);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('subscriptions.customer')}>
            {subscription.customer ? (
              <Link to={customerPath(subscription.customer.id)}>{subscription.customer.name}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.billingPeriod')}>
            {t(`subscriptions.periods.${subscription.billingPeriod}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.mrr')}>
            {`${subscription.mrr.amount} ${subscription.mrr.currency}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.started')}>
            {day(subscription.startDate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.currentPeriod')}>
            {`${day(subscription.currentPeriodStart)} – ${day(subscription.currentPeriodEnd)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.trialEnd')}>
            {day(subscription.trialEnd)}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.cancelAtPeriodEnd')}>
            {subscription.cancelAtPeriodEnd ? '✓' : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('subscriptions.cardSaved')}>
            {subscription.cardSaved ? '✓' : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('subscriptions.lines')}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={subscription.lines}
          columns={[
            { title: t('subscriptions.plan'), key: 'plan', render: (_, l) => l.plan?.name ?? '—' },
            { title: t('subscriptions.quantity'), key: 'q', render: (_, l) => Number(l.quantity) },
            {
              title: t('subscriptions.unitPrice'),
              key: 'p',
              render: (_, l) =>
                `${l.unitPrice.amount} ${l.unitPrice.currency} (${l.priceSourceLabel})`,
            },
            {
              title: t('subscriptions.discount'),
              key: 'd',
              render: (_, l) => `${Number(l.discountPercent)} %`,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('subscriptions.periodsTitle')}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          data-testid="subscription-periods"
          dataSource={subscription.periods}
          columns={[
            { title: '#', key: 'i', render: (_, p) => p.periodIndex },
            {
              title: t('subscriptions.period'),
              key: 'period',
              render: (_, p) => `${day(p.periodStart)} – ${day(p.periodEnd)}`,
            },
            {
              title: t('subscriptions.status'),
              key: 'status',
              render: (_, p) => <Tag>{t(`subscriptions.periodStatuses.${p.status}`)}</Tag>,
            },
            {
              title: t('subscriptions.order'),
              key: 'order',
              render: (_, p) =>
                p.order ? (
                  <Link to={orderPath(p.order.number)}>
                    {p.order.number} · {p.order.total.amount} {p.order.total.currency}
                  </Link>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('subscriptions.attemptsTitle')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(a) => `${a.createdAt}-${a.attemptNo}`}
          dataSource={subscription.paymentAttempts}
          columns={[
            { title: t('subscriptions.attempt'), key: 'n', render: (_, a) => a.attemptNo },
            { title: t('subscriptions.status'), key: 's', render: (_, a) => a.status },
            { title: t('subscriptions.error'), key: 'e', render: (_, a) => a.error ?? '—' },
            {
              title: t('subscriptions.nextRetry'),
              key: 'r',
              render: (_, a) =>
                a.nextRetryAt ? formatDateTime(a.nextRetryAt, i18n.language) : '—',
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('subscriptions.changesTitle')}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          data-testid="subscription-changes"
          dataSource={subscription.changes}
          columns={[
            {
              title: t('subscriptions.change'),
              key: 'kind',
              render: (_, c) => (
                <>
                  {t(`subscriptions.kinds.${c.kind}`)}
                  {!c.applied && <Tag style={{ marginLeft: 8 }}>{t('subscriptions.pending')}</Tag>}
                </>
              ),
            },
            {
              title: t('subscriptions.effective'),
              key: 'on',
              render: (_, c) => day(c.effectiveOn),
            },
            { title: t('subscriptions.by'), key: 'by', render: (_, c) => c.actorKind },
            {
              title: t('subscriptions.proratedCharge'),
              key: 'charge',
              render: (_, c) => c.proratedCharge ?? '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** One subscription, at /subscriptions/<global id>: its terms, lines, periods with their
 * renewal orders, card payments and history, and the actions staff may take. */
export default function SubscriptionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const mayRead = useCan('subscriptions', 'read');
  const mayWrite = useCan('subscriptions', 'write');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SubscriptionDetail,
    variables: { id },
    pause: !mayRead,
  });
  const back = (
    <Link to="/subscriptions">
      <ArrowLeftOutlined /> {t('subscriptions.backToList')}
    </Link>
  );
  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!data) return fetching ? <LoadingState /> : null;
  const subscription = data.subscription;
  if (!subscription)
    return <Result status="404" title={t('subscriptions.notFound')} extra={back} />;
  return (
    <>
      {back}
      <PageHeader
        title={subscription.number}
        extra={<SubscriptionStatusTag status={subscription.status} />}
      />
      {mayWrite && (
        <div style={{ marginBottom: 16 }}>
          <Actions subscription={subscription} />
        </div>
      )}
      <Details subscription={subscription} />
    </>
  );
}
