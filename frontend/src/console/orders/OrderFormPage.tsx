import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { CreateOrderInput } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ForbiddenState } from '../../shared/components/States';
import { formPath, type UserErrorLike } from '../../shared/userErrors';
import { decimalInput } from '../catalog/money';
import { SkuSelect } from '../catalog/SkuSelect';
import { InstalmentsField } from '../customers/InstalmentsField';
import { blankRows, rowsFromStored } from '../customers/instalments';
import {
  PAYMENT_KINDS,
  paymentTermsInput,
  termsFieldErrors,
  useTermsText,
  type ShownTerms,
  type TermsValues,
} from '../customers/termsForm';
import { useCan } from '../viewer';
import { CustomerSearchSelect } from './CustomerSearchSelect';
import { CreateOrder, OrderFormCustomer } from './queries';
import { issuesOfLine, useIssueText } from './orderIssues';
import { ApprovalForecast, LineInsight, PreviewTotals, ShortLines } from './OrderFormPreview';
import { useOrderPreview } from './useOrderPreview';
import { orderPath } from '../links';

interface LineValues {
  skuId?: string;
  quantity?: string | number | null;
  discountPercent?: string | number | null;
}

interface OrderFormValues extends Partial<TermsValues> {
  customerId?: string;
  ownTerms?: boolean;
  shipToAddressId?: string;
  billToAddressId?: string;
  requestedDeliveryDate?: Dayjs | null;
  priority: 'NORMAL' | 'URGENT';
  tags: string[];
  notes?: string;
  externalRef?: string;
  allowBackorder: boolean;
  lines: LineValues[];
}

const FORM_FIELDS = [
  'customerId',
  'shipToAddressId',
  'billToAddressId',
  'requestedDeliveryDate',
  'priority',
  'tags',
  'notes',
  'externalRef',
  'lines',
];

/** What the preview needs of the form: the customer and the lines as they stand. */
function previewInput(
  customerId: string | undefined,
  lines: LineValues[] | undefined,
): CreateOrderInput | null {
  if (!lines || lines.length === 0) return null;
  return {
    customerId: customerId ?? null,
    lines: lines.map((line) => ({
      skuId: line?.skuId ?? null,
      quantity: decimalInput(line?.quantity ?? null),
      discountPercent: decimalInput(line?.discountPercent ?? null) ?? '0',
    })),
  };
}

/** userErrors onto the form: `lines.0.quantity` next to that line's quantity; the rest above. */
function placeErrors(errors: readonly UserErrorLike[], describe: (e: UserErrorLike) => string) {
  const fields = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const general: string[] = [];
  for (const error of errors) {
    const path = error.field ? formPath(error.field) : [];
    const head = path[0];
    if (
      head === undefined ||
      !FORM_FIELDS.includes(head) ||
      (head === 'lines' && path.length < 3)
    ) {
      general.push(describe(error));
      continue;
    }
    const name = path.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const key = path.join('.');
    const entry = fields.get(key) ?? { name, errors: [] };
    entry.errors.push(describe(error));
    fields.set(key, entry);
  }
  return { fields: [...fields.values()], general };
}

/** An order's own payment terms (customers:credit), prefilled from the customer's; otherwise the customer's apply. */
function PaymentTermsCard({ customerTerms }: { customerTerms: ShownTerms | null }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<OrderFormValues>();
  const own = Form.useWatch('ownTerms', form);
  const kind = Form.useWatch('paymentKind', form);
  const describe = useTermsText();
  const start = (checked: boolean) => {
    if (!checked) return;
    const from = customerTerms ?? { kind: 'PREPAID' as const, netDays: null, instalments: [] };
    form.setFieldsValue({
      paymentKind: from.kind,
      netDays: from.netDays ?? null,
      instalments: from.instalments.length > 0 ? rowsFromStored(from.instalments) : undefined,
    });
  };
  return (
    <Card
      size="small"
      title={t('orders.form.terms')}
      style={{ marginBottom: 16 }}
      data-testid="order-terms"
    >
      <Form.Item name="ownTerms" valuePropName="checked" style={{ marginBottom: own ? 12 : 0 }}>
        <Checkbox onChange={(e) => start(e.target.checked)}>{t('orders.form.ownTerms')}</Checkbox>
      </Form.Item>
      {!own && (
        <Typography.Text type="secondary" data-testid="customer-terms">
          {customerTerms
            ? t('orders.form.customerTerms', { terms: describe(customerTerms) })
            : t('orders.form.chooseCustomerFirst')}
        </Typography.Text>
      )}
      {own && (
        <Space wrap align="start">
          <Form.Item name="paymentKind" label={t('customers.paymentTerms')}>
            <Select
              style={{ width: 160 }}
              aria-label={t('customers.paymentTerms')}
              onChange={(next) => {
                if (next === 'INSTALMENTS' && !form.getFieldValue('instalments')?.length)
                  form.setFieldValue('instalments', blankRows());
              }}
              options={PAYMENT_KINDS.map((k) => ({
                value: k,
                label: t(`customers.paymentKinds.${k}`),
              }))}
            />
          </Form.Item>
          {kind === 'NET' && (
            <Form.Item name="netDays" label={t('customers.netDays')}>
              <InputNumber
                min={1}
                max={365}
                precision={0}
                style={{ width: 90 }}
                aria-label={t('customers.netDays')}
              />
            </Form.Item>
          )}
          {kind === 'INSTALMENTS' && <InstalmentsField />}
        </Space>
      )}
    </Card>
  );
}

export default function OrderFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('orders', 'write');
  const canSubmit = useCan('orders', 'submit');
  const canBackorder = useCan('inventory', 'backorder');
  const canCredit = useCan('customers', 'credit');
  const [form] = Form.useForm<OrderFormValues>();
  // One key per form session: a double click or a retry never creates a second order.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, create] = useMutation(CreateOrder);
  const describeIssue = useIssueText();
  const customerId = Form.useWatch('customerId', form);
  const watchedLines = Form.useWatch('lines', form);
  const preview = useOrderPreview(previewInput(customerId, watchedLines));
  const [customer] = useQuery({
    query: OrderFormCustomer,
    variables: { id: customerId ?? '' },
    pause: !customerId,
  });
  const customerNode = customer.data?.node;
  const addresses = useMemo(
    () => (customerNode && 'addresses' in customerNode ? customerNode.addresses : []),
    [customerNode],
  );
  const customerTerms =
    customerNode && 'paymentTerms' in customerNode ? customerNode.paymentTerms : null;

  useEffect(() => {
    const pick = (kind: string) =>
      addresses.find((a) => a.kind === kind && a.isDefault)?.id ??
      addresses.find((a) => a.kind === kind)?.id;
    form.setFieldsValue({ shipToAddressId: pick('SHIP_TO'), billToAddressId: pick('BILL_TO') });
  }, [addresses, form]);

  if (!canWrite) return <ForbiddenState />;

  const save = async (submit: boolean) => {
    let values: OrderFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setGeneral([]);
    const paymentTerms =
      canCredit && values.ownTerms && values.paymentKind
        ? paymentTermsInput({
            paymentKind: values.paymentKind,
            netDays: values.netDays,
            instalments: values.instalments,
          })
        : null;
    const input: CreateOrderInput = {
      paymentTerms,
      customerId: values.customerId ?? null,
      shipToAddressId: values.shipToAddressId ?? null,
      billToAddressId: values.billToAddressId ?? null,
      requestedDeliveryDate: values.requestedDeliveryDate
        ? values.requestedDeliveryDate.format('YYYY-MM-DD')
        : null,
      priority: values.priority,
      tags: values.tags ?? [],
      notes: values.notes?.trim() || null,
      externalRef: values.externalRef?.trim() || null,
      allowBackorder: canBackorder && values.allowBackorder,
      submit,
      idempotencyKey: `${idempotencyKey}:${submit ? 'submit' : 'draft'}`,
      lines: (values.lines ?? []).map((line) => ({
        skuId: line.skuId ?? null,
        quantity: decimalInput(line.quantity ?? null),
        discountPercent: decimalInput(line.discountPercent ?? null) ?? '0',
      })),
    };
    const result = await create({ input });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.createOrder;
    if (payload?.order) return navigate(orderPath(payload.order.number));
    const terms = paymentTerms
      ? termsFieldErrors(payload?.userErrors ?? [], paymentTerms, t)
      : { fields: [], rest: payload?.userErrors ?? [] };
    const placed = placeErrors(terms.rest, describeIssue);
    form.setFields([...terms.fields, ...placed.fields] as Parameters<typeof form.setFields>[0]);
    setGeneral(placed.general);
  };

  const quantities = (watchedLines ?? []).map((line) => decimalInput(line?.quantity ?? null));
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <>
      <PageHeader title={t('orders.form.title')} />
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="orderForm"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          priority: 'NORMAL',
          tags: [],
          allowBackorder: false,
          lines: [{ quantity: '1', discountPercent: '0' }],
        }}
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="customerId" label={t('orders.customer')} rules={required}>
                <CustomerSearchSelect aria-label={t('orders.customer')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="requestedDeliveryDate" label={t('orders.requestedDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="priority" label={t('orders.priority')}>
                <Select
                  options={(['NORMAL', 'URGENT'] as const).map((p) => ({
                    value: p,
                    label: t(`orders.priorities.${p}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="shipToAddressId" label={t('orders.shipTo')}>
                <Select
                  allowClear
                  options={addresses
                    .filter((a) => a.kind === 'SHIP_TO')
                    .map((a) => ({
                      value: a.id,
                      label: `${a.label ?? a.recipient} · ${a.line1}, ${a.city}`,
                    }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="billToAddressId" label={t('orders.billTo')}>
                <Select
                  allowClear
                  options={addresses
                    .filter((a) => a.kind === 'BILL_TO')
                    .map((a) => ({
                      value: a.id,
                      label: `${a.label ?? a.recipient} · ${a.line1}, ${a.city}`,
                    }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="tags" label={t('orders.tags')}>
                <Select mode="tags" open={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="externalRef" label={t('orders.externalRef')}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="notes" label={t('orders.notes')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('orders.lines')} style={{ marginBottom: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <div key={field.key}>
                    <Space align="start" wrap data-testid="order-line">
                      <Form.Item
                        name={[field.name, 'skuId']}
                        label={t('orders.sku')}
                        rules={required}
                      >
                        <SkuSelect aria-label={t('orders.sku')} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'quantity']}
                        label={t('orders.quantity')}
                        rules={required}
                      >
                        <InputNumber
                          stringMode
                          min="0.001"
                          style={{ width: 110 }}
                          aria-label={t('orders.quantity')}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'discountPercent']}
                        label={t('orders.discount')}
                      >
                        <InputNumber
                          stringMode
                          min="0"
                          max="100"
                          addonAfter="%"
                          style={{ width: 120 }}
                          aria-label={t('orders.discount')}
                        />
                      </Form.Item>
                      <Form.Item label=" " colon={false}>
                        <LineInsight
                          index={field.name}
                          line={preview?.lines[field.name]}
                          issues={issuesOfLine(preview, field.name)}
                        />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Form.Item label=" " colon={false}>
                          <Button
                            aria-label={t('orders.form.removeLine')}
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      )}
                    </Space>
                  </div>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ quantity: '1', discountPercent: '0' })}
                >
                  {t('orders.form.addLine')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <PreviewTotals preview={preview} />
        {canCredit && <PaymentTermsCard customerTerms={customerId ? customerTerms : null} />}
        {preview && <ShortLines preview={preview} quantities={quantities} />}
        {preview && <ApprovalForecast preview={preview} />}
        {canBackorder && (
          <Form.Item name="allowBackorder" valuePropName="checked">
            <Checkbox>{t('orders.form.allowBackorder')}</Checkbox>
          </Form.Item>
        )}
        {!canSubmit && (
          <Alert
            type="info"
            showIcon
            message={t('orders.form.draftOnly')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Space>
          <Button onClick={() => void save(false)} loading={fetching}>
            {t('orders.form.saveDraft')}
          </Button>
          {canSubmit && (
            <Button type="primary" onClick={() => void save(true)} loading={fetching}>
              {t('orders.form.submit')}
            </Button>
          )}
          <Button onClick={() => navigate('/orders')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </>
  );
}
