import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type {
  QuoteContractInput,
  QuoteContractRenewalType,
  QuoteDetailFieldsFragment,
  QuoteLineInput,
  QuoteLineKind,
} from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formPath, type UserErrorLike } from '../../shared/userErrors';
import { decimalInput } from '../catalog/money';
import { SkuSelect, type SkuOption } from '../catalog/SkuSelect';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { useCan } from '../viewer';
import {
  CreateQuote,
  QuoteByNumber,
  QuoteContractTemplates,
  QuoteFormPreview,
  QuotePlans,
  UpdateQuote,
} from './queries';
import { quotePath } from './quotePath';

interface LineValues {
  kind: QuoteLineKind;
  skuId?: string;
  planId?: string;
  quantity?: string | number | null;
  discountPercent?: string | number | null;
}

interface QuoteFormValues {
  customerId?: string;
  validUntil?: Dayjs | null;
  notes?: string;
  lines: LineValues[];
  withContract: boolean;
  contract?: {
    templateId?: string | null;
    startDate?: Dayjs | null;
    initialTermMonths?: number | null;
    renewalType?: QuoteContractRenewalType | null;
    renewalTermMonths?: number | null;
    noticeDays?: number | null;
  };
}

const FORM_FIELDS = ['customerId', 'validUntil', 'notes', 'lines', 'contract'];
const RENEWAL_TYPES: QuoteContractRenewalType[] = ['NONE', 'AUTOMATIC', 'EVERGREEN', 'ONCE'];

function lineInput(line: LineValues | undefined): QuoteLineInput {
  const kind = line?.kind ?? 'ONE_OFF';
  return {
    kind,
    skuId: kind === 'ONE_OFF' ? (line?.skuId ?? null) : null,
    planId: kind === 'RECURRING' ? (line?.planId ?? null) : null,
    quantity: decimalInput(line?.quantity ?? null),
    discountPercent: decimalInput(line?.discountPercent ?? null) ?? '0',
  };
}

function contractInput(values: QuoteFormValues): QuoteContractInput | null {
  if (!values.withContract || !values.contract) return null;
  const c = values.contract;
  return {
    templateId: c.templateId ?? null,
    startDate: c.startDate ? c.startDate.format('YYYY-MM-DD') : null,
    initialTermMonths: c.initialTermMonths ?? null,
    renewalType: c.renewalType ?? null,
    renewalTermMonths: c.renewalTermMonths ?? null,
    noticeDays: c.noticeDays ?? null,
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

function initialValues(quote: QuoteDetailFieldsFragment | null): QuoteFormValues {
  if (!quote)
    return {
      lines: [{ kind: 'ONE_OFF', quantity: '1', discountPercent: '0' }],
      withContract: false,
    };
  const current = quote.versions.find((v) => v.version === quote.currentVersion);
  const request = quote.contractRequest;
  return {
    customerId: quote.customer?.id,
    validUntil: dayjs(quote.validUntil),
    notes: current?.notes ?? undefined,
    lines: (current?.lines ?? []).map((line) => ({
      kind: line.kind,
      skuId: line.kind === 'ONE_OFF' ? line.skuId : undefined,
      planId: line.planId ?? undefined,
      quantity: line.quantity,
      discountPercent: line.discountPercent,
    })),
    withContract: !!request,
    contract: request
      ? {
          templateId: request.templateId,
          startDate: request.startDate ? dayjs(request.startDate) : null,
          initialTermMonths: request.initialTermMonths,
          renewalType: request.renewalType,
          renewalTermMonths: request.renewalTermMonths,
          noticeDays: request.noticeDays,
        }
      : undefined,
  };
}

/** The quote form: a new quote, or the draft version of one (route /quotes/:number/edit). */
export default function QuoteFormPage() {
  const { number } = useParams();
  const canWrite = useCan('quotes', 'write');
  const [found] = useQuery({
    query: QuoteByNumber,
    variables: { number: number ?? '' },
    pause: !number,
  });
  if (!canWrite) return <ForbiddenState />;
  if (!number) return <QuoteForm quote={null} />;
  if (found.error && !found.data) return <ErrorState error={found.error} />;
  if (!found.data) return <LoadingState />;
  const quote = found.data.quotes.edges[0]?.node ?? null;
  if (!quote) return <ErrorState error={found.error!} />;
  return <QuoteForm quote={quote} />;
}

function QuoteForm({ quote }: { quote: QuoteDetailFieldsFragment | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<QuoteFormValues>();
  const [general, setGeneral] = useState<string[]>([]);
  // One key per form session: a double click or a retry never creates a second quote.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [{ fetching: creating }, create] = useMutation(CreateQuote);
  const [{ fetching: updating }, update] = useMutation(UpdateQuote);
  const [plans] = useQuery({ query: QuotePlans });
  const [templates] = useQuery({ query: QuoteContractTemplates });
  const customerId = Form.useWatch('customerId', form) ?? quote?.customer?.id;
  const watchedLines = Form.useWatch('lines', form);
  const withContract = Form.useWatch('withContract', form);
  const describe = (e: UserErrorLike) => t(`errors.${e.code}`, { defaultValue: e.message });
  const previewInput = useMemo(
    () => ({ customerId: customerId ?? null, lines: (watchedLines ?? []).map(lineInput) }),
    [customerId, watchedLines],
  );
  const [preview] = useQuery({
    query: QuoteFormPreview,
    variables: { input: previewInput },
    pause: !customerId || !watchedLines?.length,
  });
  const known: SkuOption[] = useMemo(
    () =>
      (quote?.versions.find((v) => v.version === quote.currentVersion)?.lines ?? [])
        .filter((line) => line.kind === 'ONE_OFF')
        .map((line) => ({ id: line.skuId, code: line.skuCode, name: line.description })),
    [quote],
  );
  useEffect(() => form.setFieldsValue(initialValues(quote)), [form, quote]);

  const planOptions = (plans.data?.subscriptionPlans.edges ?? []).map((e) => ({
    value: e.node.id,
    label: `${e.node.code} · ${e.node.name} (${t(`quotes.periods.${e.node.billingPeriod}`)})`,
  }));
  const templateOptions = [
    { value: '', label: t('quotes.form.defaultTemplate') },
    ...(templates.data?.contractTemplates ?? []).map((x) => ({ value: x.id, label: x.name })),
  ];

  const save = async () => {
    const values = form.getFieldsValue(true) as QuoteFormValues;
    setGeneral([]);
    const common = {
      lines: (values.lines ?? []).map(lineInput),
      validUntil: values.validUntil ? values.validUntil.format('YYYY-MM-DD') : null,
      notes: values.notes?.trim() || null,
      contract: contractInput(values),
    };
    if (common.contract && !common.contract.templateId) common.contract.templateId = null;
    const result = quote
      ? await update({ input: { quoteId: quote.id, ...common } })
      : await create({ input: { customerId: values.customerId ?? '', idempotencyKey, ...common } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const data = result.data;
    const payload =
      data && 'createQuote' in data
        ? data.createQuote
        : data && 'updateQuote' in data
          ? data.updateQuote
          : null;
    if (payload?.quote) return navigate(quotePath(payload.quote.number));
    const placed = placeErrors(payload?.userErrors ?? [], describe);
    form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(placed.general);
  };

  const priced = preview.data?.quotePreview;
  return (
    <>
      <PageHeader
        title={
          quote
            ? t('quotes.form.editTitle', { number: quote.number, version: quote.currentVersion })
            : t('quotes.form.newTitle')
        }
      />
      <FormAlerts messages={general} />
      <Form form={form} name="quoteForm" layout="vertical" requiredMark={false}>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {quote ? (
                <Form.Item label={t('quotes.customer')}>
                  <Typography.Text>{quote.customer?.name}</Typography.Text>
                </Form.Item>
              ) : (
                <Form.Item name="customerId" label={t('quotes.customer')}>
                  <CustomerSearchSelect
                    aria-label={t('quotes.customer')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              )}
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="validUntil" label={t('quotes.validUntil')}>
                <DatePicker style={{ width: '100%' }} aria-label={t('quotes.validUntil')} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="notes" label={t('quotes.form.notes')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('quotes.form.lines')} style={{ marginBottom: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => {
                  const kind = watchedLines?.[field.name]?.kind ?? 'ONE_OFF';
                  const line = priced?.lines[field.name];
                  return (
                    <Space key={field.key} align="start" wrap data-testid="quote-line">
                      <Form.Item name={[field.name, 'kind']} label={t('quotes.form.kind')}>
                        <Select
                          style={{ width: 130 }}
                          aria-label={t('quotes.form.kind')}
                          options={(['ONE_OFF', 'RECURRING'] as const).map((k) => ({
                            value: k,
                            label: t(`quotes.kinds.${k}`),
                          }))}
                        />
                      </Form.Item>
                      {kind === 'ONE_OFF' ? (
                        <Form.Item name={[field.name, 'skuId']} label={t('quotes.form.sku')}>
                          <SkuSelect aria-label={t('quotes.form.sku')} known={known} />
                        </Form.Item>
                      ) : (
                        <Form.Item name={[field.name, 'planId']} label={t('quotes.form.plan')}>
                          <Select
                            style={{ minWidth: 220 }}
                            aria-label={t('quotes.form.plan')}
                            options={planOptions}
                          />
                        </Form.Item>
                      )}
                      <Form.Item name={[field.name, 'quantity']} label={t('quotes.form.quantity')}>
                        <InputNumber
                          stringMode
                          min="0.001"
                          style={{ width: 110 }}
                          aria-label={t('quotes.form.quantity')}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'discountPercent']}
                        label={t('quotes.form.discount')}
                      >
                        <InputNumber
                          stringMode
                          min="0"
                          max="100"
                          addonAfter="%"
                          style={{ width: 120 }}
                          aria-label={t('quotes.form.discount')}
                        />
                      </Form.Item>
                      <Form.Item label=" " colon={false}>
                        <Typography.Text type="secondary" data-testid="quote-line-price">
                          {line?.unitPrice
                            ? `${line.unitPrice.amount} ${line.unitPrice.currency}${
                                line.billingPeriod
                                  ? ` ${t(`quotes.periods.${line.billingPeriod}`)}`
                                  : ''
                              } · ${line.priceSourceLabel ?? ''}`
                            : t('quotes.form.unpriced')}
                        </Typography.Text>
                      </Form.Item>
                      {fields.length > 1 && (
                        <Form.Item label=" " colon={false}>
                          <Button
                            aria-label={t('quotes.form.removeLine')}
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      )}
                    </Space>
                  );
                })}
                <div>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ kind: 'ONE_OFF', quantity: '1', discountPercent: '0' })}
                  >
                    {t('quotes.form.addLine')}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form.Item name="withContract" valuePropName="checked">
            <Checkbox data-testid="quote-with-contract">{t('quotes.form.contract')}</Checkbox>
          </Form.Item>
          {withContract && (
            <Space wrap align="start">
              <Form.Item name={['contract', 'templateId']} label={t('quotes.form.template')}>
                <Select style={{ width: 200 }} options={templateOptions} />
              </Form.Item>
              <Form.Item name={['contract', 'startDate']} label={t('quotes.form.startDate')}>
                <DatePicker aria-label={t('quotes.form.startDate')} />
              </Form.Item>
              <Form.Item
                name={['contract', 'initialTermMonths']}
                label={t('quotes.form.initialTermMonths')}
              >
                <InputNumber
                  min={1}
                  precision={0}
                  aria-label={t('quotes.form.initialTermMonths')}
                />
              </Form.Item>
              <Form.Item name={['contract', 'renewalType']} label={t('quotes.form.renewalType')}>
                <Select
                  style={{ width: 150 }}
                  aria-label={t('quotes.form.renewalType')}
                  options={RENEWAL_TYPES.map((r) => ({
                    value: r,
                    label: t(`quotes.renewalTypes.${r}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name={['contract', 'renewalTermMonths']}
                label={t('quotes.form.renewalTermMonths')}
              >
                <InputNumber min={1} precision={0} />
              </Form.Item>
              <Form.Item name={['contract', 'noticeDays']} label={t('quotes.form.noticeDays')}>
                <InputNumber min={0} precision={0} aria-label={t('quotes.form.noticeDays')} />
              </Form.Item>
            </Space>
          )}
        </Card>
        {priced && (
          <Card size="small" title={t('quotes.form.preview')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={4} data-testid="quote-preview">
              <Descriptions.Item label={t('quotes.detail.subtotal')}>
                {priced.subtotal ? `${priced.subtotal.amount} ${priced.subtotal.currency}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('quotes.detail.discount')}>
                {priced.discountTotal?.amount ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('quotes.detail.tax')}>
                {priced.taxTotal?.amount ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('quotes.detail.total')}>
                <span data-testid="quote-preview-total">
                  {priced.total ? `${priced.total.amount} ${priced.total.currency}` : '—'}
                </span>
              </Descriptions.Item>
            </Descriptions>
            {priced.approvals.length > 0 && (
              <Typography.Text type="warning">
                {t('quotes.form.approvals', {
                  levels: priced.approvals.map((a) => a.level).join(', '),
                })}
              </Typography.Text>
            )}
            {priced.issues.length > 0 && (
              <Table
                size="small"
                pagination={false}
                rowKey={(_, i) => String(i)}
                dataSource={priced.issues}
                columns={[
                  { key: 'field', render: (_, e) => (e.field ?? []).join('.') },
                  { key: 'message', render: (_, e) => describe(e) },
                ]}
              />
            )}
          </Card>
        )}
        <Space>
          <Button
            type="primary"
            loading={creating || updating}
            onClick={() => void save()}
            data-testid="save-quote"
          >
            {t('quotes.form.save')}
          </Button>
          <Button onClick={() => navigate(quote ? quotePath(quote.number) : '/quotes')}>
            {t('quotes.form.cancel')}
          </Button>
        </Space>
      </Form>
    </>
  );
}
