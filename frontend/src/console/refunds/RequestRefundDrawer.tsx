import { App, Empty, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { RefundReason } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import { formatMoney, requiredDecimal } from '../catalog/money';
import { exceeds, isPositiveAmount } from '../invoices/creditNote';
import { formatDay } from '../../shared/format';
import { RefundablePayments, RequestRefund } from './queries';

const REFUND_REASONS: RefundReason[] = [
  'CUSTOMER_REQUEST',
  'RETURN',
  'DUPLICATE',
  'OVERCHARGE',
  'OTHER',
];
const FIELDS = ['paymentId', 'amount', 'reason', 'note'] as const;

interface RefundValues {
  paymentId?: string;
  amount?: string | number | null;
  reason: RefundReason;
  note?: string;
}

/** The payment a refund is asked for, as the payment page knows it. */
export interface KnownPayment {
  paymentId: string;
  number: string;
  amountRefundable: { amount: string; currency: string };
}

/** Asks for a refund: from an order (one of its refundable payments) or from one payment. */
export function RequestRefundDrawer({
  orderId,
  payment,
  open,
  onClose,
  onRequested,
}: {
  orderId: string | null;
  /** Given on the payment's page: the refund is of this payment. */
  payment?: KnownPayment | null;
  open: boolean;
  onClose: () => void;
  onRequested: (number: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RefundValues>();
  const showErrors = useUserErrors(form, FIELDS);
  const [{ fetching }, request] = useMutation(RequestRefund);
  const [refundable, refetchRefundable] = useQuery({
    query: RefundablePayments,
    variables: { orderId: orderId ?? '' },
    pause: !open || !orderId || !!payment,
  });
  const refundablePayments = refundable.data?.refundablePayments;
  const choices = useMemo<KnownPayment[]>(
    () =>
      payment
        ? [payment]
        : (refundablePayments ?? []).filter((p) => Number(p.amountRefundable.amount) > 0),
    [payment, refundablePayments],
  );
  const paymentId = Form.useWatch('paymentId', form);
  const reason = Form.useWatch('reason', form);
  const chosen = choices.find((p) => p.paymentId === paymentId) ?? null;
  const language = i18n.language;

  // Reset only as the drawer opens: a re-render of the page behind it (a query of the
  // ticket or order page arriving) must not wipe what the user is typing.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open && !wasOpen.current) {
      form.resetFields();
      if (!payment) refetchRefundable({ requestPolicy: 'network-only' });
    }
    wasOpen.current = open;
  }, [open, form, payment, refetchRefundable]);
  // Once the payments are known, the first is chosen with its whole refundable amount.
  useEffect(() => {
    if (!open || form.getFieldValue('paymentId')) return;
    const firstChoice = choices[0];
    if (firstChoice)
      form.setFieldsValue({
        paymentId: firstChoice.paymentId,
        amount: firstChoice.amountRefundable.amount,
      });
  }, [open, choices, form]);

  const choose = (id: string) => {
    const next = choices.find((p) => p.paymentId === id);
    form.setFieldsValue({ paymentId: id, amount: next?.amountRefundable.amount });
  };

  const submit = async (values: RefundValues) => {
    const result = await request({
      input: {
        paymentId: values.paymentId ?? '',
        orderId,
        amount: requiredDecimal(values.amount),
        reason: values.reason,
        note: values.note?.trim() || null,
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.requestRefund;
    if (!payload?.refund) return showErrors(payload?.userErrors ?? []);
    void message.success(t('refunds.request.requested', { number: payload.refund.number }));
    onRequested(payload.refund.number);
  };

  const label = (p: KnownPayment & { method?: string; receivedOn?: string }) =>
    [
      p.number,
      p.method ? t(`receivables.methods.${p.method}`) : null,
      p.receivedOn ? formatDay(p.receivedOn, language) : null,
      t('refunds.request.refundable', { amount: formatMoney(p.amountRefundable, language) }),
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <FormDrawer
      title={t('refunds.request.title')}
      open={open}
      onClose={onClose}
      width={560}
      form={form}
      onSubmit={submit}
      submitLabel={t('refunds.request.submit')}
      submitting={fetching}
      submitDisabled={choices.length === 0}
      name="requestRefund"
      initialValues={{ reason: 'CUSTOMER_REQUEST' }}
      formTestId="request-refund-form"
      unavailable={
        choices.length === 0 && !refundable.fetching ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('refunds.request.nothingRefundable')}
          />
        ) : undefined
      }
    >
      <Form.Item
        name="paymentId"
        label={t('refunds.payment')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Select
          aria-label={t('refunds.payment')}
          disabled={!!payment}
          loading={refundable.fetching}
          onChange={choose}
          options={choices.map((p) => ({ value: p.paymentId, label: label(p) }))}
        />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('refunds.amount')}
        extra={
          chosen
            ? t('refunds.request.refundable', {
                amount: formatMoney(chosen.amountRefundable, language),
              })
            : undefined
        }
        rules={[
          { required: true, message: t('refunds.request.amountRequired') },
          {
            validator: async (_, value: string | number | null | undefined) => {
              if (value === null || value === undefined || value === '') return;
              if (!isPositiveAmount(value)) throw new Error(t('errors.AMOUNT_PRECISION'));
              if (chosen && exceeds(value, chosen.amountRefundable.amount))
                throw new Error(t('errors.ABOVE_REFUNDABLE'));
            },
          },
        ]}
      >
        <InputNumber
          stringMode
          min="0.01"
          step="0.01"
          style={{ width: 200 }}
          aria-label={t('refunds.amount')}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('refunds.reason')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Select
          aria-label={t('refunds.reason')}
          style={{ width: 260 }}
          options={REFUND_REASONS.map((r) => ({ value: r, label: t(`refunds.reasons.${r}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('refunds.request.note')}
        rules={[
          {
            required: reason === 'OTHER',
            whitespace: true,
            message: t('errors.NOTE_REQUIRED'),
          },
        ]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('refunds.request.help')}</Typography.Paragraph>
    </FormDrawer>
  );
}
