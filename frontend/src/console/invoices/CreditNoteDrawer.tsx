import { App, Form, Input, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { InvoiceBasis } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import type { UserErrorLike } from '../../shared/userErrors';
import { formatMoney, formatQuantity } from '../catalog/money';
import {
  creditable,
  creditLineInputs,
  creditTotal,
  exceeds,
  isPositiveAmount,
  lineCredit,
} from './creditNote';
import type { Invoice } from './InvoiceDetailPage';
import { IssueCreditNote } from './queries';

type Line = Invoice['lines'][number];
type Mode = 'lines' | 'amount';
const BASES: InvoiceBasis[] = ['RETURN', 'ADJUSTMENT'];
const FIELDS = ['mode', 'basis', 'reason', 'amount', 'quantities'] as const;

interface CreditValues {
  mode: Mode;
  basis: InvoiceBasis;
  reason?: string;
  amount?: string | number | null;
  /** Quantity to credit per line number. */
  quantities?: Record<string, string | number | null | undefined>;
}

/** The API names `lines[i].quantity` / `lines[i].lineNo`; the form keys quantities by line number. */
function creditErrorsOnLines(
  errors: readonly UserErrorLike[],
  sentLineNos: readonly number[],
): UserErrorLike[] {
  return errors.map((error) => {
    const path = error.field ? [...error.field] : [];
    const at = path[0] === 'input' ? 1 : 0;
    if (path[at] !== 'lines') return error;
    const lineNo = sentLineNos[Number(path[at + 1])];
    return lineNo === undefined
      ? { ...error, field: null }
      : { ...error, field: ['quantities', String(lineNo)] };
  });
}

/** Issues a credit note against an invoice: some quantity of its lines, or an amount (gross). */
export function CreditNoteDrawer({
  invoice,
  open,
  onClose,
  onIssued,
}: {
  invoice: Invoice;
  open: boolean;
  onClose: () => void;
  onIssued: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreditValues>();
  const showErrors = useUserErrors(form, FIELDS);
  const [{ fetching }, issue] = useMutation(IssueCreditNote);
  const mode = Form.useWatch('mode', form) ?? 'lines';
  const quantities = Form.useWatch('quantities', form) ?? {};
  const currency = invoice.total.currency;
  const left = creditable(invoice.total.amount, invoice.amountCredited.amount);
  const money = (amount: string) => formatMoney({ amount, currency }, i18n.language);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (values: CreditValues) => {
    const lines =
      values.mode === 'lines' ? creditLineInputs(invoice.lines, values.quantities ?? {}) : null;
    if (lines && lines.length === 0) return [t('invoices.creditNote.linesRequired')];
    const result = await issue({
      input: {
        invoiceId: invoice.id,
        basis: values.basis,
        reason: (values.reason ?? '').trim(),
        lines,
        amount: values.mode === 'amount' ? String(values.amount ?? '').trim() : null,
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.issueCreditNote;
    if (!payload?.creditNote) {
      return showErrors(
        creditErrorsOnLines(
          payload?.userErrors ?? [],
          (lines ?? []).map((l) => l.lineNo),
        ),
      );
    }
    void message.success(t('invoices.creditNote.issued', { number: payload.creditNote.number }));
    onIssued();
  };

  return (
    <FormDrawer
      title={t('invoices.creditNote.title', { number: invoice.number })}
      open={open}
      onClose={onClose}
      width={760}
      form={form}
      onSubmit={submit}
      submitLabel={t('invoices.creditNote.submit')}
      submitting={fetching}
      name="creditNote"
      initialValues={{ mode: 'lines', basis: 'RETURN', quantities: {} }}
      formTestId="credit-note-form"
      intro={
        <Typography.Paragraph type="secondary" data-testid="creditable">
          {t('invoices.creditNote.creditable', { amount: money(left) })}
        </Typography.Paragraph>
      }
    >
      <Space wrap align="start">
        <Form.Item
          name="basis"
          label={t('invoices.creditNote.basis')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            style={{ width: 200 }}
            aria-label={t('invoices.creditNote.basis')}
            options={BASES.map((b) => ({ value: b, label: t(`invoices.bases.${b}`) }))}
          />
        </Form.Item>
        <Form.Item name="mode" label={t('invoices.creditNote.mode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'lines', label: t('invoices.creditNote.byLines') },
              { value: 'amount', label: t('invoices.creditNote.byAmount') },
            ]}
          />
        </Form.Item>
      </Space>
      <Form.Item
        name="reason"
        label={t('invoices.creditNote.reason')}
        rules={[
          { required: true, whitespace: true, message: t('invoices.creditNote.reasonRequired') },
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {mode === 'amount' ? (
        <Form.Item
          name="amount"
          label={t('invoices.creditNote.amount')}
          extra={t('invoices.creditNote.amountHelp')}
          rules={[
            { required: true, message: t('invoices.creditNote.amountRequired') },
            {
              validator: async (_, value: string | number | null | undefined) => {
                if (value === null || value === undefined || value === '') return;
                if (!isPositiveAmount(value)) throw new Error(t('errors.AMOUNT_PRECISION'));
                if (exceeds(value, left)) throw new Error(t('errors.ABOVE_CREDITABLE'));
              },
            },
          ]}
        >
          <InputNumber
            stringMode
            min="0.01"
            step="0.01"
            style={{ width: 200 }}
            aria-label={t('invoices.creditNote.amount')}
          />
        </Form.Item>
      ) : (
        <>
          <Table<Line>
            rowKey="lineNo"
            size="small"
            pagination={false}
            dataSource={invoice.lines}
            data-testid="credit-note-lines"
            columns={[
              {
                title: t('invoices.description'),
                key: 'description',
                render: (_, l) => `${l.skuCode ? `${l.skuCode} · ` : ''}${l.description}`,
              },
              {
                title: t('invoices.quantity'),
                key: 'quantity',
                align: 'right',
                render: (_, l) => formatQuantity(l.quantity, i18n.language),
              },
              {
                title: t('invoices.lineTotal'),
                key: 'total',
                align: 'right',
                render: (_, l) => formatMoney(l.total, i18n.language),
              },
              {
                title: t('invoices.creditNote.creditQuantity'),
                key: 'credit',
                width: 170,
                render: (_, l) => (
                  <Form.Item name={['quantities', String(l.lineNo)]} style={{ margin: 0 }}>
                    <InputNumber
                      stringMode
                      min="0"
                      max={l.quantity}
                      step="1"
                      style={{ width: 140 }}
                      aria-label={`${t('invoices.creditNote.creditQuantity')} ${l.lineNo}`}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('invoices.creditNote.lineCredit'),
                key: 'lineCredit',
                align: 'right',
                render: (_, l) => money(lineCredit(l, quantities[String(l.lineNo)])),
              },
            ]}
          />
          <Typography.Paragraph
            strong
            style={{ marginTop: 8, textAlign: 'right' }}
            data-testid="credit-note-preview"
          >
            {t('invoices.creditNote.preview', {
              amount: money(creditTotal(invoice.lines, quantities)),
            })}
          </Typography.Paragraph>
        </>
      )}
    </FormDrawer>
  );
}
