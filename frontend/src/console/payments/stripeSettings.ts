import type { AlertProps } from 'antd';
import type { TFunction } from 'i18next';
import type {
  StripeConnectionTest,
  StripePaymentMethod,
  UpdateStripeSettingsInput,
} from '../../gql/graphql';
import type { UserErrorLike } from '../../shared/userErrors';

export const PAYMENT_METHODS: readonly StripePaymentMethod[] = ['CARD', 'ALIPAY', 'WECHAT_PAY'];

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
