import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useUserErrors } from '../../shared/useUserErrors';
import { useViewer } from '../viewer';
import {
  describeTest,
  PAYMENT_METHODS,
  stripeSettingsInput,
  type StripeFormValues,
  type TestOutcome,
} from './stripeSettings';

graphql(`
  fragment StripeSettingsFields on StripeSettings {
    connected
    secretKeyHint
    webhookSecretSet
    publishableKey
    paymentMethods
    webhookUrl
    updatedAt
    lastTest {
      ok
      code
      message
      livemode
      testedAt
    }
  }
`);

const StripeSettingsQuery = graphql(`
  query StripeSettings {
    stripeSettings {
      ...StripeSettingsFields
    }
  }
`);

const UpdateStripeSettings = graphql(`
  mutation UpdateStripeSettings($input: UpdateStripeSettingsInput!) {
    updateStripeSettings(input: $input) {
      settings {
        ...StripeSettingsFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const TestStripeConnection = graphql(`
  mutation TestStripeConnection {
    testStripeConnection {
      result {
        ok
        code
        message
        livemode
        testedAt
      }
      settings {
        ...StripeSettingsFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const FIELDS = ['secretKey', 'webhookSecret', 'publishableKey', 'paymentMethods'] as const;

/** The tenant's Stripe connection (payments:configure): keys, payment methods and a test. */
export function StripeSettingsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tenant } = useViewer();
  const [form] = Form.useForm<StripeFormValues>();
  const [{ data, error }, refetch] = useQuery({ query: StripeSettingsQuery });
  const [{ fetching: saving }, update] = useMutation(UpdateStripeSettings);
  const [{ fetching: testing }, test] = useMutation(TestStripeConnection);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const settings = data?.stripeSettings;

  useEffect(() => {
    if (settings) {
      form.setFieldsValue({
        publishableKey: settings.publishableKey ?? '',
        paymentMethods: [...settings.paymentMethods],
      });
    }
  }, [settings, form]);

  const card = (content: ReactNode) => (
    <Card
      title={t('payments.stripeTitle')}
      style={{ maxWidth: 720, marginTop: 16 }}
      data-testid="stripe-settings"
    >
      {content}
    </Card>
  );
  if (error && !settings)
    return card(
      <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />,
    );
  if (!settings) return card(<LoadingState />);

  const submit = async (values: StripeFormValues) => {
    setGeneral([]);
    const result = await update({ input: stripeSettingsInput(values, settings) });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateStripeSettings.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.setFieldsValue({ secretKey: '', webhookSecret: '' });
    // A new key drops the last test: its outcome was about the old key.
    if (values.secretKey?.trim()) setOutcome(null);
    void message.success(t('payments.saved'));
  };

  const runTest = async () => {
    setOutcome(null);
    const result = await test({});
    if (result.error) {
      return setOutcome({
        type: 'error',
        message: result.error.graphQLErrors[0]?.message ?? t('states.networkError'),
      });
    }
    const payload = result.data?.testStripeConnection;
    setOutcome(describeTest(t, payload?.result, payload?.userErrors));
  };

  const last = settings.lastTest;
  return card(
    <>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('payments.status')}>
          <Space data-testid="stripe-status" wrap>
            {settings.connected ? (
              <>
                <Tag color="green">{t('payments.connected')}</Tag>
                {settings.secretKeyHint && (
                  <Typography.Text code>{settings.secretKeyHint}</Typography.Text>
                )}
              </>
            ) : (
              <Tag>{t('payments.notConnected')}</Tag>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.webhookUrl')}>
          <Space direction="vertical" size={0}>
            <Typography.Text
              copyable
              code
              data-testid="stripe-webhook-url"
              style={{ wordBreak: 'break-all' }}
            >
              {settings.webhookUrl}
            </Typography.Text>
            <Typography.Text type="secondary">{t('payments.webhookUrlHelp')}</Typography.Text>
          </Space>
        </Descriptions.Item>
        {last && (
          <Descriptions.Item label={t('payments.lastTest')}>
            <Space data-testid="stripe-last-test" wrap>
              <Tag color={last.ok ? 'green' : 'red'}>
                {t(last.ok ? 'payments.lastTestPassed' : 'payments.lastTestFailed')}
              </Tag>
              <span>{formatDateTime(last.testedAt, i18n.language, tenant.timeZone)}</span>
              <Typography.Text type="secondary">{last.message}</Typography.Text>
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="stripeSettings"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item
          name="secretKey"
          label={t('payments.secretKey')}
          extra={t('payments.secretKeyHelp')}
        >
          <Input.Password
            autoComplete="off"
            placeholder={settings.connected ? (settings.secretKeyHint ?? undefined) : undefined}
          />
        </Form.Item>
        <Form.Item
          name="webhookSecret"
          label={t('payments.webhookSecret')}
          extra={t('payments.webhookSecretHelp')}
        >
          <Input.Password
            autoComplete="off"
            placeholder={settings.webhookSecretSet ? t('payments.webhookSecretStored') : undefined}
          />
        </Form.Item>
        <Form.Item
          name="publishableKey"
          label={t('payments.publishableKey')}
          extra={t('payments.publishableKeyHelp')}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="paymentMethods"
          label={t('payments.paymentMethods')}
          extra={t('payments.paymentMethodsHelp')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('errors.PAYMENT_METHODS_EMPTY') },
          ]}
        >
          <Checkbox.Group
            options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payments.methods.${m}`) }))}
          />
        </Form.Item>
        {outcome && (
          <Alert
            type={outcome.type}
            showIcon
            message={outcome.message}
            description={outcome.description}
            data-testid="stripe-test-result"
            style={{ marginBottom: 16 }}
          />
        )}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('payments.save')}
          </Button>
          <Button onClick={() => void runTest()} loading={testing}>
            {t('payments.testConnection')}
          </Button>
        </Space>
      </Form>
    </>,
  );
}
