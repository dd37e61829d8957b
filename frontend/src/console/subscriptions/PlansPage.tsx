import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  message,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { BillingPeriod, PlanFieldsFragment } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { SkuSelect } from '../catalog/SkuSelect';
import { useCan } from '../viewer';
import { errorText } from './subscriptionText';
import { CreatePlan, PlansList, UpdatePlan } from './queries';

interface PlanValues {
  code: string;
  name: string;
  skuId: string;
  billingPeriod: BillingPeriod;
  trialDays: number;
  customerMayCancel: boolean;
  customerMayChangeQuantity: boolean;
  active: boolean;
}

const PERIODS: BillingPeriod[] = ['MONTH', 'QUARTER', 'YEAR'];

function PlanDialog({ plan, onClose }: { plan: PlanFieldsFragment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanValues>();
  const [{ fetching: creating }, create] = useMutation(CreatePlan);
  const [{ fetching: updating }, update] = useMutation(UpdatePlan);
  const submit = async (values: PlanValues) => {
    const input = { ...values, trialDays: values.trialDays ?? 0 };
    const { code, name, skuId, billingPeriod, trialDays, active } = input;
    const { customerMayCancel, customerMayChangeQuantity } = input;
    const data = {
      code,
      name,
      skuId,
      billingPeriod,
      trialDays,
      active,
      customerMayCancel,
      customerMayChangeQuantity,
    };
    const [error, payload] = plan
      ? await update({ input: { planId: plan.id, plan: data } }).then(
          (r) => [r.error, r.data?.updateSubscriptionPlan] as const,
        )
      : await create({ input: data }).then(
          (r) => [r.error, r.data?.createSubscriptionPlan] as const,
        );
    const failure = error ? t('states.networkError') : errorText(t, payload?.userErrors);
    if (failure) {
      void message.error(failure);
      return;
    }
    void message.success(t('subscriptions.saved'));
    onClose();
  };
  return (
    <Modal
      open
      title={plan ? plan.name : t('subscriptions.actions.newPlan')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={creating || updating}
      okText={t('subscriptions.actions.save')}
    >
      <Form<PlanValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          plan
            ? { ...plan }
            : {
                billingPeriod: 'MONTH',
                trialDays: 0,
                customerMayCancel: true,
                customerMayChangeQuantity: true,
                active: true,
              }
        }
      >
        <Form.Item name="code" label={t('subscriptions.form.code')} rules={[{ required: true }]}>
          <Input aria-label={t('subscriptions.form.code')} />
        </Form.Item>
        <Form.Item name="name" label={t('subscriptions.form.name')} rules={[{ required: true }]}>
          <Input aria-label={t('subscriptions.form.name')} />
        </Form.Item>
        <Form.Item name="skuId" label={t('subscriptions.form.sku')} rules={[{ required: true }]}>
          <SkuSelect aria-label={t('subscriptions.form.sku')} known={plan?.sku ? [plan.sku] : []} />
        </Form.Item>
        <Form.Item name="billingPeriod" label={t('subscriptions.billingPeriod')}>
          <Select
            aria-label={t('subscriptions.billingPeriod')}
            options={PERIODS.map((p) => ({ value: p, label: t(`subscriptions.periods.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="trialDays" label={t('subscriptions.form.trialDays')}>
          <InputNumber min={0} max={365} aria-label={t('subscriptions.form.trialDays')} />
        </Form.Item>
        <Form.Item name="customerMayCancel" valuePropName="checked">
          <Checkbox>{t('subscriptions.form.customerMayCancel')}</Checkbox>
        </Form.Item>
        <Form.Item name="customerMayChangeQuantity" valuePropName="checked">
          <Checkbox>{t('subscriptions.form.customerMayChangeQuantity')}</Checkbox>
        </Form.Item>
        <Form.Item name="active" valuePropName="checked">
          <Checkbox>{t('subscriptions.form.active')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The tenant's plans: what subscriptions subscribe to, each a SKU billed every period. */
export default function PlansPage() {
  const { t } = useTranslation();
  const mayRead = useCan('subscriptions', 'read');
  const mayEdit = useCan('subscriptions', 'plans');
  const [editing, setEditing] = useState<PlanFieldsFragment | null | undefined>(undefined);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PlansList,
    variables: { activeOnly: false },
    pause: !mayRead,
  });
  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!data) return fetching ? <LoadingState /> : null;
  const close = () => {
    setEditing(undefined);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Link to="/subscriptions">{t('subscriptions.backToList')}</Link>
      <PageHeader
        title={t('subscriptions.plansTitle')}
        extra={
          mayEdit && (
            <Button type="primary" onClick={() => setEditing(null)} data-testid="new-plan">
              {t('subscriptions.actions.newPlan')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="plans"
          locale={{ emptyText: t('subscriptions.plansEmpty') }}
          dataSource={data.subscriptionPlans.edges.map((e) => e.node)}
          columns={[
            { title: t('subscriptions.form.code'), key: 'code', render: (_, p) => p.code },
            { title: t('subscriptions.form.name'), key: 'name', render: (_, p) => p.name },
            {
              title: t('subscriptions.form.sku'),
              key: 'sku',
              render: (_, p) => p.sku?.code ?? '—',
            },
            {
              title: t('subscriptions.billingPeriod'),
              key: 'period',
              render: (_, p) => t(`subscriptions.periods.${p.billingPeriod}`),
            },
            {
              title: t('subscriptions.form.trialDays'),
              key: 'trial',
              render: (_, p) => p.trialDays,
            },
            {
              title: t('subscriptions.form.active'),
              key: 'active',
              render: (_, p) => (p.active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>),
            },
            {
              title: '',
              key: 'edit',
              render: (_, p) =>
                mayEdit && (
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('subscriptions.actions.edit')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {editing !== undefined && <PlanDialog plan={editing} onClose={close} />}
    </>
  );
}
