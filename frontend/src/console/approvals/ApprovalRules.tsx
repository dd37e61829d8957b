import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ApprovalLevel, UpdateApprovalSettingsInput } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { ApprovalRules as RulesQuery, UpdateApprovalRules } from './queries';

const LEVELS: ApprovalLevel[] = ['FINANCE', 'MANAGER', 'DIRECTOR'];
const FIELDS = new Set([
  'creditCheck',
  'discountThresholdPercent',
  'amountThresholds',
  'forbidSelfApproval',
  'reminderAfterHours',
]);

interface RulesForm {
  creditCheck: boolean;
  discountThresholdPercent?: string | null;
  amountThresholds: { above?: string; level?: ApprovalLevel }[];
  forbidSelfApproval: boolean;
  reminderAfterHours?: number | null;
}

function toInput(values: RulesForm): UpdateApprovalSettingsInput {
  const discount = values.discountThresholdPercent?.toString().trim();
  return {
    creditCheck: values.creditCheck,
    discountThresholdPercent: discount ? discount : null,
    amountThresholds: (values.amountThresholds ?? []).map((row) => ({
      above: row.above?.toString().trim() || '0',
      level: row.level ?? 'MANAGER',
    })),
    forbidSelfApproval: values.forbidSelfApproval,
    reminderAfterHours: values.reminderAfterHours ?? null,
  };
}

/** The tenant's approval rules (approvals:configure may change them). */
export function ApprovalRules({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // Untyped: user errors name list rows by index (amountThresholds.0.above).
  const [form] = Form.useForm();
  const [{ data, error, fetching }, refetch] = useQuery({ query: RulesQuery });
  const [{ fetching: saving }, save] = useMutation(UpdateApprovalRules);
  const [general, setGeneral] = useState<string[]>([]);
  const settings = data?.approvalSettings;

  useEffect(() => {
    if (settings)
      form.setFieldsValue({
        ...settings,
        amountThresholds: settings.amountThresholds.map((x) => ({ ...x })),
      });
  }, [settings, form]);

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!settings && fetching) return <LoadingState />;

  const submit = async (values: RulesForm) => {
    setGeneral([]);
    const result = await save({ input: toInput(values) });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateApprovalSettings.userErrors ?? [];
    if (errors.length === 0) return void message.success(t('approvals.rulesSaved'));
    const describe = (e: (typeof errors)[number]) =>
      t(`errors.${e.code}`, { defaultValue: e.message });
    const placed = errors.filter((e) => e.field && FIELDS.has(e.field[0] ?? ''));
    form.setFields(
      placed.map((e) => ({
        name: (e.field ?? []).map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
        errors: [describe(e)],
      })),
    );
    setGeneral(errors.filter((e) => !placed.includes(e)).map(describe));
  };

  return (
    <Form
      form={form}
      name="approvalRules"
      layout="vertical"
      onFinish={submit}
      disabled={!editable}
      style={{ maxWidth: 640 }}
    >
      <FormAlerts messages={general} />
      <Form.Item
        name="creditCheck"
        label={t('approvals.creditCheck')}
        valuePropName="checked"
        extra={t('approvals.creditCheckHelp')}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="discountThresholdPercent"
        label={t('approvals.discountThreshold')}
        extra={t('approvals.discountThresholdHelp')}
      >
        <Input addonAfter="%" style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item
        label={t('approvals.amountThresholds')}
        extra={t('approvals.amountThresholdsHelp')}
      >
        <Form.List name="amountThresholds">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[row.name, 'above']}
                    label={t('approvals.above')}
                    rules={[{ required: true, message: t('approvals.aboveRequired') }]}
                  >
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'level']}
                    label={t('approvals.level')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      style={{ width: 160 }}
                      options={LEVELS.map((level) => ({
                        value: level,
                        label: t(`approvals.levels.${level}`),
                      }))}
                    />
                  </Form.Item>
                  {editable && (
                    <MinusCircleOutlined
                      aria-label={t('approvals.removeThreshold')}
                      onClick={() => remove(row.name)}
                    />
                  )}
                </Space>
              ))}
              {editable && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ level: 'MANAGER' })}
                >
                  {t('approvals.addThreshold')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        name="forbidSelfApproval"
        label={t('approvals.forbidSelfApproval')}
        valuePropName="checked"
        extra={t('approvals.forbidSelfApprovalHelp')}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="reminderAfterHours"
        label={t('approvals.reminderAfterHours')}
        extra={t('approvals.reminderAfterHoursHelp')}
      >
        <InputNumber min={1} max={720} precision={0} style={{ width: 160 }} />
      </Form.Item>
      {editable && (
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('approvals.saveRules')}
        </Button>
      )}
    </Form>
  );
}
