import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { PaymentMethod } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { currencies, formatDay } from '../../shared/format';
import { useUserErrors } from '../../shared/useUserErrors';
import { receivableTermText } from '../../shared/serverText';
import { formatMoney, requiredDecimal } from '../catalog/money';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { useViewer } from '../viewer';
import {
  allocateAutomatically,
  allocationInputs,
  errorsOnRows,
  oldestDueFirst,
  signOf,
  unallocated,
} from './allocation';
import { RecordPayment, ReceivablesList } from './queries';
import type { ReceivableRow } from './ReceivablesTab';

/** Stripe records its own payments; people record the rest. */
const MANUAL_METHODS: PaymentMethod[] = ['BANK_TRANSFER', 'CASH', 'CHEQUE'];
const FIELDS = [
  'customerId',
  'method',
  'amount',
  'currency',
  'receivedOn',
  'reference',
  'note',
  'allocations',
] as const;
const OPEN_LIMIT = 100;

interface PaymentValues {
  customerId?: string;
  method: PaymentMethod;
  amount?: string | number | null;
  currency: string;
  receivedOn: Dayjs;
  reference?: string;
  note?: string;
  /** Allocation per receivable id. */
  allocations?: Record<string, string | number | null | undefined>;
}

function text(value: string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Records a bank transfer, cash or cheque and allocates it to the customer's open receivables. */
export function RecordPaymentDrawer({
  open,
  initialCustomerId,
  onClose,
  onRecorded,
}: {
  open: boolean;
  initialCustomerId: string | null;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tenant } = useViewer();
  const [form] = Form.useForm<PaymentValues>();
  const showErrors = useUserErrors(form, FIELDS);
  const [{ fetching: saving }, record] = useMutation(RecordPayment);
  const customerId = Form.useWatch('customerId', form);
  const amount = Form.useWatch('amount', form);
  const currency = Form.useWatch('currency', form) ?? tenant.currency;
  const allocations = Form.useWatch('allocations', form);
  const [openReceivables, refetchOpen] = useQuery({
    query: ReceivablesList,
    variables: { first: OPEN_LIMIT, filter: { customerId: customerId ?? null, status: 'OPEN' } },
    pause: !open || !customerId,
  });
  const rows: ReceivableRow[] = customerId
    ? oldestDueFirst(openReceivables.data?.receivables.edges.map((e) => e.node) ?? [])
    : [];

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        customerId: initialCustomerId ?? undefined,
        currency: tenant.currency,
        receivedOn: dayjs(),
      });
    }
  }, [open, initialCustomerId, tenant.currency, form]);

  const chooseCustomer = (id: string | undefined) => {
    form.setFieldsValue({ customerId: id, allocations: {} });
  };
  const allocate = () => {
    form.setFieldsValue({
      allocations: allocateAutomatically(rows, text(form.getFieldValue('amount'))),
    });
    form.setFields(rows.map((r) => ({ name: ['allocations', r.id], errors: [] })));
  };

  const submit = async (values: PaymentValues) => {
    const ids = rows.map((r) => r.id);
    const sent = allocationInputs(
      ids,
      Object.fromEntries(ids.map((id) => [id, text(values.allocations?.[id])])),
    );
    const result = await record({
      input: {
        customerId: values.customerId ?? '',
        method: values.method,
        amount: requiredDecimal(values.amount),
        currency: values.currency,
        receivedOn: values.receivedOn.format('YYYY-MM-DD'),
        reference: values.reference?.trim() || null,
        note: values.note?.trim() || null,
        allocations: sent,
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.recordPayment;
    if (!payload?.payment) {
      return showErrors(
        errorsOnRows(
          payload?.userErrors ?? [],
          sent.map((a) => a.receivableId),
        ),
      );
    }
    message.success(t('receivables.record.recorded', { number: payload.payment.number }));
    refetchOpen({ requestPolicy: 'network-only' });
    onRecorded();
  };

  const left = unallocated(
    text(amount),
    rows.map((r) => text(allocations?.[r.id])),
  );
  const leftSign = signOf(left);
  const leftMoney = formatMoney({ amount: left.replace(/^-/, ''), currency }, i18n.language);
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <FormDrawer
      title={t('receivables.record.title')}
      open={open}
      onClose={onClose}
      width={720}
      form={form}
      onSubmit={submit}
      submitLabel={t('receivables.record.submit')}
      submitting={saving}
      name="recordPayment"
      initialValues={{
        method: 'BANK_TRANSFER',
        currency: tenant.currency,
        receivedOn: dayjs(),
        allocations: {},
      }}
      formTestId="record-payment-form"
    >
      <Form.Item name="customerId" label={t('receivables.customer')} rules={required}>
        <CustomerSearchSelect
          aria-label={t('receivables.customer')}
          style={{ width: '100%' }}
          onChange={chooseCustomer}
          known={rows[0] ? { id: rows[0].customerId, name: rows[0].customerName } : null}
        />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="method" label={t('receivables.record.method')} rules={required}>
          <Select
            style={{ width: 170 }}
            aria-label={t('receivables.record.method')}
            options={MANUAL_METHODS.map((m) => ({
              value: m,
              label: t(`receivables.methods.${m}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('receivables.record.amount')}
          rules={[{ required: true, message: t('receivables.record.amountRequired') }]}
        >
          <InputNumber
            stringMode
            min="0.01"
            step="0.01"
            style={{ width: 160 }}
            aria-label={t('receivables.record.amount')}
          />
        </Form.Item>
        <Form.Item name="currency" label={t('receivables.record.currency')} rules={required}>
          <Select
            showSearch
            style={{ width: 110 }}
            aria-label={t('receivables.record.currency')}
            options={currencies().map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('receivables.record.receivedOn')} rules={required}>
          <DatePicker
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            aria-label={t('receivables.record.receivedOn')}
          />
        </Form.Item>
      </Space>
      <Form.Item
        name="reference"
        label={t('receivables.record.reference')}
        extra={t('receivables.record.referenceHelp')}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="note" label={t('receivables.record.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Typography.Title level={5}>{t('receivables.record.allocations')}</Typography.Title>
      {!customerId ? (
        <Typography.Paragraph type="secondary">
          {t('receivables.record.chooseCustomer')}
        </Typography.Paragraph>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Button onClick={allocate} disabled={rows.length === 0}>
              {t('receivables.record.allocateAutomatically')}
            </Button>
            <Typography.Text type="secondary">
              {t('receivables.record.allocateHelp')}
            </Typography.Text>
          </Space>
          <ConnectionTable<ReceivableRow>
            rows={rows}
            size="small"
            loading={openReceivables.fetching}
            data-testid="allocation-rows"
            emptyText={
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('receivables.record.noOpenReceivables')}
              />
            }
            columns={[
              {
                title: t('receivables.order'),
                key: 'order',
                render: (_, r) => `${r.orderNumber} · ${receivableTermText(t, r.term)}`,
              },
              {
                title: t('receivables.dueDate'),
                key: 'due',
                render: (_, r) =>
                  r.dueDate ? formatDay(r.dueDate, i18n.language) : t('receivables.notDueYet'),
              },
              {
                title: t('receivables.open'),
                key: 'open',
                align: 'right',
                render: (_, r) => formatMoney(r.amountOpen, i18n.language),
              },
              {
                title: t('receivables.record.allocate'),
                key: 'allocate',
                width: 190,
                render: (_, r) => (
                  <Form.Item name={['allocations', r.id]} style={{ margin: 0 }}>
                    <InputNumber
                      stringMode
                      min="0"
                      max={r.amountOpen.amount}
                      step="0.01"
                      style={{ width: 160 }}
                      aria-label={`${t('receivables.record.allocate')} ${r.orderNumber} · ${receivableTermText(t, r.term)}`}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Typography.Paragraph
            style={{ marginTop: 8 }}
            data-testid="unallocated"
            type={leftSign < 0 ? 'danger' : leftSign > 0 ? 'warning' : 'success'}
          >
            {leftSign < 0
              ? t('receivables.record.overAllocated', { amount: leftMoney })
              : leftSign > 0
                ? t('receivables.record.unallocated', { amount: leftMoney })
                : t('receivables.record.fullyAllocated')}
          </Typography.Paragraph>
        </>
      )}
    </FormDrawer>
  );
}
