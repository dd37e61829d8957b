import {
  Button,
  Card,
  Descriptions,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Switch,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { PortalSubscriptionFieldsFragment } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import {
  CancelMySubscription,
  ChangeMySubscription,
  MySubscriptions,
  UpdateMySubscriptionWishes,
} from './queries';
import { SaveCardDialog } from './SaveCardDialog';

type Subscription = PortalSubscriptionFieldsFragment;

function useOutcome() {
  const { t } = useTranslation();
  return (error: unknown, errors: { code: string; message: string }[] | undefined) => {
    const first = errors?.[0];
    const text = error
      ? t('states.networkError')
      : first
        ? t([`subscriptions.errors.${first.code}`, `errors.${first.code}`], {
            defaultValue: first.message,
          })
        : null;
    if (text) void message.error(text);
    else void message.success(t('portalSubscriptions.saved'));
  };
}

function QuantityEditor({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const outcome = useOutcome();
  const line = subscription.lines[0];
  const [quantity, setQuantity] = useState<number | null>(line ? Number(line.quantity) : null);
  const [{ fetching }, change] = useMutation(ChangeMySubscription);
  if (!line?.mayChangeQuantity) return null;
  const save = async () => {
    if (quantity === null) return;
    const result = await change({
      input: { subscriptionId: subscription.id, lineId: line.id, quantity: String(quantity) },
    });
    outcome(result.error, result.data?.changeMySubscription.userErrors);
  };
  return (
    <Space wrap>
      <InputNumber
        aria-label={t('portalSubscriptions.changeQuantity')}
        value={quantity}
        onChange={setQuantity}
        step={1}
      />
      <Button onClick={save} loading={fetching} data-testid="portal-change-quantity">
        {t('portalSubscriptions.changeQuantity')}
      </Button>
      <Typography.Text type="secondary">{t('portalSubscriptions.fromNextPeriod')}</Typography.Text>
    </Space>
  );
}

function SubscriptionCard({ subscription }: { subscription: Subscription }) {
  const { t, i18n } = useTranslation();
  const outcome = useOutcome();
  const [, cancel] = useMutation(CancelMySubscription);
  const [, wishes] = useMutation(UpdateMySubscriptionWishes);
  const day = (value: string | null | undefined) => formatDay(value, i18n.language);
  const running = subscription.status !== 'CANCELLED' && subscription.status !== 'EXPIRED';
  const wish = async (values: { autoRenew?: boolean; remindersOptedOut?: boolean }) => {
    const result = await wishes({ input: { subscriptionId: subscription.id, ...values } });
    outcome(result.error, result.data?.updateMySubscriptionWishes.userErrors);
  };
  return (
    <Card
      size="small"
      data-testid="portal-subscription"
      title={
        <Space>
          {subscription.number}
          <Tag>{t(`subscriptions.statuses.${subscription.status}`)}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        {subscription.lines.map((line) => (
          <Descriptions.Item key={line.id} label={line.planName}>
            {`${Number(line.quantity)} × ${line.unitPrice.amount}`}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('portalSubscriptions.monthly')}>
          {`${subscription.monthlyValue.amount} ${subscription.monthlyValue.currency}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('portalSubscriptions.nextRenewal')}>
          <span data-testid="portal-next-renewal">
            {subscription.nextRenewal
              ? day(subscription.nextRenewal)
              : t('portalSubscriptions.noRenewal')}
          </span>
        </Descriptions.Item>
        {subscription.trialEnd && (
          <Descriptions.Item label={t('portalSubscriptions.trialEnd')}>
            {day(subscription.trialEnd)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph type="secondary">
        {subscription.cardSaved
          ? t('portalSubscriptions.cardSaved')
          : t('portalSubscriptions.noCard')}
      </Typography.Paragraph>
      {running && <SaveCardDialog subscription={subscription} />}
      {running && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <QuantityEditor subscription={subscription} />
          <Space wrap>
            <Space>
              {t('portalSubscriptions.autoRenew')}
              <Switch
                aria-label={t('portalSubscriptions.autoRenew')}
                checked={subscription.autoRenew}
                onChange={(checked) => wish({ autoRenew: checked })}
              />
            </Space>
            <Space>
              {t('portalSubscriptions.reminders')}
              <Switch
                aria-label={t('portalSubscriptions.reminders')}
                checked={!subscription.remindersOptedOut}
                onChange={(checked) => wish({ remindersOptedOut: !checked })}
              />
            </Space>
            {subscription.mayCancel && !subscription.cancelAtPeriodEnd && (
              <Popconfirm
                title={t('portalSubscriptions.cancelConfirm')}
                onConfirm={async () => {
                  const result = await cancel({ input: { subscriptionId: subscription.id } });
                  outcome(result.error, result.data?.cancelMySubscription.userErrors);
                }}
              >
                <Button danger data-testid="portal-cancel-subscription">
                  {t('portalSubscriptions.cancel')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Space>
      )}
      {subscription.periods.length > 0 && (
        <List
          size="small"
          header={t('portalSubscriptions.periods')}
          dataSource={subscription.periods}
          renderItem={(period) => (
            <List.Item>
              {`${day(period.periodStart)} – ${day(period.periodEnd)}`}
              {period.orderId && <Link to={`/orders/${period.orderId}`}>→</Link>}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The customer's subscriptions: periods, next renewal, and what the plan lets them change. */
export function MySubscriptionsPage() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MySubscriptions,
    requestPolicy: 'cache-and-network',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingState /> : null;
  const rows = data.mySubscriptions.edges.map((e) => e.node);
  return (
    <div data-testid="portal-subscriptions">
      <PageHeader title={t('portalSubscriptions.title')} />
      {rows.length === 0 ? (
        <Typography.Paragraph>{t('portalSubscriptions.empty')}</Typography.Paragraph>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {rows.map((s) => (
            <SubscriptionCard key={s.id} subscription={s} />
          ))}
        </Space>
      )}
    </div>
  );
}
