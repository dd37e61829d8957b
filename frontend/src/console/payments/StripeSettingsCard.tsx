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
import type { AlertProps } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type {
  StripeConnectionTest,
  StripePaymentMethod,
  UpdateStripeSettingsInput,
} from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import type { UserErrorLike } from '../../shared/userErrors';
import { useUserErrors } from '../../shared/useUserErrors';
import { useViewer } from '../viewer';

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
        field
        code
        message
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
        field
        code
        message
      }
    }
  }
`);

const PAYMENT_METHODS: readonly StripePaymentMethod[] = ['CARD', 'ALIPAY', 'WECHAT_PAY'];
const FIELDS = ['secretKey', 'webhookSecret', 'publishableKey', 'paymentMethods'] as const;

export interface StripeFormValues {
  secretKey?: string;
  webhookSecret?: string;
  publishableKey?: string;
  paymentMethods?: StripePaymentMethod[];
}

export interface StoredStripeSettings {
  publishableKey?: string | null;
  paymentMethods: readonly StripePaymentMethod[];
}

/**
 * The change to send: only what the user filled in or changed. Empty secret fields keep the
 * stored secrets; clearing the publishable key removes it (the API takes an empty string).
 */
export function stripeSettingsInput(
  values: StripeFormValues,
  stored: StoredStripeSettings,
): UpdateStripeSettingsInput {
  const input: UpdateStripeSettingsInput = {};
  const secretKey = values.secretKey?.trim() ?? '';
  if (secretKey) input.secretKey = secretKey;
  const webhookSecret = values.webhookSecret?.trim() ?? '';
  if (webhookSecret) input.webhookSecret = webhookSecret;
  const publishableKey = values.publishableKey?.trim() ?? '';
  if (publishableKey !== (stored.publishableKey ?? '')) input.publishableKey = publishableKey;
  const methods = PAYMENT_METHODS.filter((m) => (values.paymentMethods ?? []).includes(m));
  const storedMethods = PAYMENT_METHODS.filter((m) => stored.paymentMethods.includes(m));
  if (methods.join() !== storedMethods.join()) input.paymentMethods = methods;
  return input;
}

export interface TestOutcome {
  type: NonNullable<AlertProps['type']>;
  message: string;
  description?: string;
}

type ConnectionTest = Pick<StripeConnectionTest, 'ok' | 'code' | 'message' | 'livemode'>;

/** What a connection test (or the userErrors that stopped it) tells the user. */
export function describeTest(
  t: TFunction,
  result: ConnectionTest | null | undefined,
  userErrors: readonly UserErrorLike[] = [],
): TestOutcome | null {
  if (result) {
    if (result.ok) {
      return {
        type: 'success',
        message: t(result.livemode ? 'payments.connectedLiveMode' : 'payments.connectedTestMode'),
      };
    }
    const message = result.code
      ? t(`payments.testOutcomes.${result.code}`, { defaultValue: t('payments.testFailed') })
      : t('payments.testFailed');
    return { type: 'error', message, description: result.message };
  }
  const [first] = userErrors;
  if (!first) return null;
  const describe = (e: UserErrorLike) => t(`errors.${e.code}`, { defaultValue: e.message });
  return {
    type: first.code === 'STRIPE_NOT_CONFIGURED' ? 'warning' : 'error',
    message: userErrors.map(describe).join(' '),
  };
}

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
