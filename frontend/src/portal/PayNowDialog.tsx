import { BankOutlined, CreditCardOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { OnlinePaymentFieldsFragment } from '../gql/graphql';
import { formatCurrency } from '../shared/format';
import { statusColor } from '../shared/status';
import { Money } from './parts';
import { PayOrderOnline } from './queries';
import { loadStripeJs, paymentOutcome } from './stripeJs';
import type { StripeCardElement, StripeInstance } from './stripeJs';

export type OnlinePayment = OnlinePaymentFieldsFragment;

export function PaymentStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('orderPayment', status)} data-testid="portal-payment-status">
      {t(`portalPayments.paymentStatus.${status}`)}
    </Tag>
  );
}

interface Mounted {
  stripe: StripeInstance;
  card: StripeCardElement;
}

/** Stripe's card element, mounted once Stripe.js has loaded, and the Pay button. */
function CardForm({
  payment,
  onPaid,
  onClose,
}: {
  payment: OnlinePayment;
  onPaid: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const mountPoint = useRef<HTMLDivElement>(null);
  const [mounted, setMounted] = useState<Mounted | null>(null);
  const stripeSetUp = `${payment.stripeJsUrl} ${payment.publishableKey} ${payment.clientSecret}`;
  const [failedSetUp, setFailedSetUp] = useState<string | null>(null);
  const loadFailed = failedSetUp === stripeSetUp;
  const [paying, setPaying] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [paid, setPaid] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let card: StripeCardElement | null = null;
    loadStripeJs(payment.stripeJsUrl)
      .then((Stripe) => {
        const target = mountPoint.current;
        if (cancelled || !target) return;
        const stripe = Stripe(payment.publishableKey);
        card = stripe.elements().create('card');
        card.mount(target);
        setMounted({ stripe, card });
      })
      .catch(() => {
        if (!cancelled) setFailedSetUp(stripeSetUp);
      });
    return () => {
      cancelled = true;
      card?.destroy();
      setMounted(null);
    };
  }, [payment.stripeJsUrl, payment.publishableKey, payment.clientSecret, stripeSetUp]);

  const pay = async () => {
    if (!mounted) return;
    setPaying(true);
    setFailure(null);
    try {
      const result = await mounted.stripe.confirmCardPayment(payment.clientSecret, {
        payment_method: { card: mounted.card },
      });
      const outcome = paymentOutcome(result);
      if (outcome.ok) {
        setPaid(true);
        onPaid();
      } else {
        setFailure(outcome.message ?? t('portalPayments.pay.failed'));
      }
    } catch {
      setFailure(t('portalPayments.pay.failed'));
    } finally {
      setPaying(false);
    }
  };

  if (paid) {
    return (
      <div data-testid="pay-received">
        <Result
          status="success"
          title={t('portalPayments.pay.received')}
          extra={<Button onClick={onClose}>{t('common.close')}</Button>}
        />
      </div>
    );
  }
  const amount = formatCurrency(
    Number(payment.amount.amount),
    payment.amount.currency,
    i18n.language,
  );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('portalPayments.pay.amount')}>
          <strong data-testid="pay-amount">
            <Money value={payment.amount} />
          </strong>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('portalPayments.pay.card')}</Typography.Text>
      <div
        ref={mountPoint}
        data-testid="stripe-card-element"
        style={{
          padding: '10px 12px',
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          minHeight: 40,
          overflowX: 'auto',
        }}
      />
      {!mounted && !loadFailed && (
        <Spin size="small" tip={t('portalPayments.pay.loadingForm')}>
          <div style={{ minHeight: 24 }} />
        </Spin>
      )}
      {loadFailed && <Alert type="error" showIcon message={t('portalPayments.pay.formFailed')} />}
      {failure && <Alert type="error" showIcon message={failure} data-testid="pay-error" />}
      <Typography.Text type="secondary">
        <LockOutlined /> {t('portalPayments.pay.secured')}
      </Typography.Text>
      <Button
        type="primary"
        block
        size="large"
        loading={paying}
        disabled={!mounted}
        onClick={() => void pay()}
        data-testid="pay-submit"
      >
        {t('portalPayments.pay.pay', { amount })}
      </Button>
    </Space>
  );
}

const PortalPaymentOptions = graphql(`
  query PortalPaymentOptions {
    portalPaymentOptions {
      onlinePaymentAvailable
      bankTransferInstructions
    }
  }
`);

/** Instead of "Pay now" while the organisation takes no online payments: its bank-transfer
 * instructions in a dialog. */
function BankTransferButton({
  instructions,
  reference,
}: {
  instructions: string | null;
  reference?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        icon={<BankOutlined />}
        onClick={() => setOpen(true)}
        data-testid="pay-by-bank-transfer"
      >
        {t('branding.bankTransfer.button')}
      </Button>
      <Modal
        open={open}
        title={t('branding.bankTransfer.title')}
        footer={<Button onClick={() => setOpen(false)}>{t('common.close')}</Button>}
        onCancel={() => setOpen(false)}
      >
        <div data-testid="bank-transfer-dialog">
          {instructions ? (
            <>
              <Typography.Paragraph>{t('branding.bankTransfer.intro')}</Typography.Paragraph>
              <Typography.Paragraph
                data-testid="bank-transfer-instructions"
                style={{ whiteSpace: 'pre-line' }}
                copyable
              >
                {instructions}
              </Typography.Paragraph>
              {reference && (
                <Typography.Paragraph>
                  {t('branding.bankTransfer.reference', { reference })}
                </Typography.Paragraph>
              )}
            </>
          ) : (
            <Typography.Paragraph>{t('branding.bankTransfer.noInstructions')}</Typography.Paragraph>
          )}
        </div>
      </Modal>
    </>
  );
}

/** What the API answered when asked to start a payment (payOrderOnline, payInvoiceOnline). */
export interface StartedPayment {
  payload?: {
    payment?: OnlinePayment | null;
    userErrors: readonly { code: string; message: string }[];
  } | null;
  error?: CombinedError | null;
}

/** "Pay now": `start` asks the API for a PaymentIntent (for an order's or an invoice's open
 * amount), then Stripe's card form shows in a dialog. `onPaid` runs once Stripe confirms; the
 * API records the payment when Stripe's webhook arrives, so the caller polls. The button shows
 * while `payable`; the dialog stays open after that until the customer closes it. While the
 * organisation takes no online payments, its bank-transfer instructions are offered instead
 * (quoting `reference`, the order's or invoice's number, when given). */
export function PayNowButton({
  start,
  title,
  payable,
  onPaid,
  label,
  testId = 'pay-now',
  reference,
}: {
  start: () => Promise<StartedPayment>;
  /** The dialog's title, e.g. "Pay order SO-…". */
  title: string;
  payable: boolean;
  onPaid: () => void;
  /** The button's text; "Pay now" unless given. */
  label?: string;
  testId?: string;
  reference?: string;
}) {
  const { t } = useTranslation();
  const [{ data: options }] = useQuery({ query: PortalPaymentOptions });
  const [fetching, setFetching] = useState(false);
  const [payment, setPayment] = useState<OnlinePayment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const begin = async () => {
    setProblem(null);
    setFetching(true);
    const result = await start().finally(() => setFetching(false));
    const payload = result.payload;
    const userError = payload?.userErrors[0];
    if (userError)
      return setProblem(t(`errors.${userError.code}`, { defaultValue: userError.message }));
    if (result.error || !payload?.payment) {
      return setProblem(result.error?.graphQLErrors[0]?.message ?? t('states.networkError'));
    }
    setPayment(payload.payment);
  };

  const paymentOptions = options?.portalPaymentOptions;
  if (!paymentOptions) return null;
  if (!paymentOptions.onlinePaymentAvailable)
    return payable ? (
      <BankTransferButton
        instructions={paymentOptions.bankTransferInstructions ?? null}
        reference={reference}
      />
    ) : null;
  return (
    <Space direction="vertical" size={8}>
      {payable && (
        <Button
          type="primary"
          icon={<CreditCardOutlined />}
          loading={fetching}
          onClick={() => void begin()}
          data-testid={testId}
        >
          {label ?? t('portalPayments.pay.payNow')}
        </Button>
      )}
      {payable && problem && (
        <Alert type="warning" showIcon message={problem} data-testid="pay-now-problem" />
      )}
      <Modal
        open={payment !== null}
        title={title}
        footer={null}
        onCancel={() => setPayment(null)}
        destroyOnHidden
        maskClosable={false}
      >
        <div data-testid="pay-dialog">
          {payment && (
            <CardForm
              key={payment.paymentIntentId}
              payment={payment}
              onPaid={onPaid}
              onClose={() => setPayment(null)}
            />
          )}
        </div>
      </Modal>
    </Space>
  );
}

/** "Pay now" for an order's open amount. */
export function PayOrderButton({
  orderId,
  orderNumber,
  payable,
  onPaid,
}: {
  orderId: string;
  orderNumber: string;
  payable: boolean;
  onPaid: () => void;
}) {
  const { t } = useTranslation();
  const [, payOrder] = useMutation(PayOrderOnline);
  const start = async (): Promise<StartedPayment> => {
    const result = await payOrder({ orderId });
    return { payload: result.data?.payOrderOnline, error: result.error };
  };
  return (
    <PayNowButton
      start={start}
      title={t('portalPayments.pay.title', { number: orderNumber })}
      reference={orderNumber}
      payable={payable}
      onPaid={onPaid}
    />
  );
}
