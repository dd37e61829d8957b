import { Alert, App, Button, Card, Descriptions, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ForbiddenState } from '../../shared/components/States';
import {
  currencies,
  formatCurrency,
  formatDateTime,
  formatNumber,
  timeZones,
} from '../../shared/format';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { StripeSettingsCard } from '../payments/StripeSettingsCard';
import { CustomerNoticeSettings } from './CustomerNoticeSettings';
import { RefundSettings } from './RefundSettings';
import { SlaSettings } from '../tickets/SlaSettings';
import { SupportMailSettings } from '../tickets/SupportMailSettings';
import { ReturnSettings } from '../returns/ReturnSettings';
import { ContractTemplatesSettings } from '../contracts/ContractTemplatesSettings';
import { BrandingSettings } from './BrandingSettings';
import { useCan, useViewer } from '../viewer';

const UpdateTenantSettings = graphql(`
  mutation UpdateTenantSettings($input: UpdateTenantSettingsInput!) {
    updateTenantSettings(input: $input) {
      tenant {
        id
        name
        timeZone
        currency
        locale
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const FIELDS = ['name', 'timeZone', 'currency', 'locale'] as const;

interface SettingsValues {
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
}

export default function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tenant, refetch } = useViewer();
  const canRead = useCan('settings', 'read');
  const canWrite = useCan('settings', 'write');
  const canConfigurePayments = useCan('payments', 'configure');
  const [form] = Form.useForm<SettingsValues>();
  const [{ fetching }, update] = useMutation(UpdateTenantSettings);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const preview = Form.useWatch([], form) ?? tenant;

  if (!canRead) return <ForbiddenState />;

  const submit = async (values: SettingsValues) => {
    setGeneral([]);
    const result = await update({ input: values });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateTenantSettings.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    void message.success(t('settings.saved'));
    refetch();
  };

  const safeCurrency = currencies().includes(preview.currency ?? '')
    ? preview.currency!
    : tenant.currency;
  const safeZone = timeZones().includes(preview.timeZone ?? '')
    ? preview.timeZone
    : tenant.timeZone;
  return (
    <>
      <PageHeader title={t('settings.title')} />
      {!canWrite && (
        <Alert type="info" showIcon message={t('settings.readOnly')} style={{ marginBottom: 16 }} />
      )}
      <Card style={{ maxWidth: 720 }}>
        <FormAlerts messages={general} />
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          disabled={!canWrite}
          requiredMark={false}
          initialValues={{
            name: tenant.name,
            timeZone: tenant.timeZone,
            currency: tenant.currency,
            locale: tenant.locale,
          }}
        >
          <Form.Item
            name="name"
            label={t('settings.name')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="timeZone" label={t('settings.timeZone')}>
            <Select showSearch options={timeZones().map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Form.Item name="currency" label={t('settings.currency')}>
            <Select showSearch options={currencies().map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item
            name="locale"
            label={t('settings.defaultLanguage')}
            extra={t('settings.defaultLanguageHelp')}
          >
            <Select
              options={[
                { value: 'en', label: 'English' },
                { value: 'zh-CN', label: '中文' },
              ]}
            />
          </Form.Item>
          <Descriptions
            title={t('settings.example')}
            column={1}
            size="small"
            style={{ marginBottom: 16 }}
          >
            <Descriptions.Item label={t('settings.exampleDate')}>
              {formatDateTime(new Date(), i18n.language, safeZone)}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.exampleNumber')}>
              {formatNumber(1234567.891, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.exampleMoney')}>
              {formatCurrency(1234.5, safeCurrency, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {canWrite && (
            <Button type="primary" htmlType="submit" loading={fetching}>
              {t('common.save')}
            </Button>
          )}
        </Form>
      </Card>
      <BrandingSettings />
      <CustomerNoticeSettings />
      <RefundSettings />
      <SupportMailSettings />
      <SlaSettings />
      <ReturnSettings />
      <ContractTemplatesSettings />
      {canConfigurePayments && <StripeSettingsCard />}
    </>
  );
}
