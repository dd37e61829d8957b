import { DeleteOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Steps,
  List,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Pager } from '../shared/components/Pager';
import { FormAlerts } from '../shared/components/FormAlerts';
import { PageHeader } from '../shared/components/PageHeader';
import { ErrorState } from '../shared/components/States';
import { formatDay } from '../shared/format';
import { useCursorPager } from '../shared/useCursorPager';
import type { UserErrorLike } from '../shared/userErrors';
import { AvailabilityTag, Money, type MoneyLike } from './parts';
import { addressText, quantityText } from './text';
import { PortalAddresses, PortalCatalog, PortalPlaceOrder, PortalQuote } from './queries';

const PAGE_SIZE = 10;

interface CartLine {
  skuId: string;
  code: string;
  name: string;
  unit: string;
  minOrderQuantity: string;
  packSize: string;
  taxRate: string;
  quantity: string;
}

interface LineQuote {
  unitPrice: MoneyLike;
  lineTotal: MoneyLike;
  taxRate: string;
  issues: readonly UserErrorLike[];
}

interface Delivery {
  shipToAddressId?: string;
  billToAddressId?: string;
  requestedDeliveryDate?: Dayjs;
  notes?: string;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random()}`;
}

/** A translated user error; the stock error keeps the available quantity the API names. */
function useDescribe() {
  const { t } = useTranslation();
  return (error: UserErrorLike): string => {
    if (error.code === 'INSUFFICIENT_STOCK') {
      const available = /available: ([0-9.]+)/.exec(error.message)?.[1];
      if (available) return t('portalOrders.insufficient', { available });
    }
    return t(`errors.${error.code}`, { defaultValue: error.message });
  };
}

function CatalogueCard({ onAdd }: { onAdd: (line: CartLine) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PortalCatalog,
    variables: { search: search || null, first: PAGE_SIZE, after: pager.after },
  });
  const connection = data?.portalCatalog;
  const rows = connection?.edges.map((e) => e.node) ?? [];
  type Row = (typeof rows)[number];

  return (
    <Card title={t('portalOrders.catalog.title')}>
      <Input.Search
        allowClear
        placeholder={t('portalOrders.catalog.search')}
        aria-label={t('portalOrders.catalog.search')}
        style={{ marginBottom: 12 }}
        data-testid="portal-catalog-search"
        onSearch={(value) => {
          setSearch(value.trim());
          pager.reset();
        }}
      />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : (
        <List<Row>
          loading={fetching}
          dataSource={rows}
          locale={{ emptyText: t('portalOrders.catalog.empty') }}
          renderItem={(row) => (
            <List.Item data-testid={`portal-item-${row.code}`}>
              <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                  <Typography.Text type="secondary">{row.code}</Typography.Text>
                  <Space size={4} wrap>
                    <AvailabilityTag availability={row.availability} />
                    {row.minOrderQuantity !== '1' && (
                      <Typography.Text type="secondary">
                        {t('portalOrders.catalog.minimum', { quantity: row.minOrderQuantity })}
                      </Typography.Text>
                    )}
                    {row.packSize !== '1' && (
                      <Typography.Text type="secondary">
                        {t('portalOrders.catalog.pack', { quantity: row.packSize })}
                      </Typography.Text>
                    )}
                  </Space>
                </Space>
                <Space wrap>
                  <Typography.Text>
                    <strong>
                      <Money value={row.unitPrice} />
                    </strong>{' '}
                    <Typography.Text type="secondary">
                      {t('portalOrders.catalog.perUnit', { unit: row.unit })}
                    </Typography.Text>
                  </Typography.Text>
                  <Space.Compact>
                    <InputNumber<string>
                      stringMode
                      min={row.minOrderQuantity}
                      step={row.packSize}
                      style={{ width: 90 }}
                      aria-label={`${t('portalOrders.catalog.quantity')} ${row.code}`}
                      data-testid={`portal-qty-${row.code}`}
                      value={quantities[row.id] ?? row.minOrderQuantity}
                      onChange={(value) =>
                        setQuantities((all) => ({
                          ...all,
                          [row.id]: value ?? row.minOrderQuantity,
                        }))
                      }
                    />
                    <Button
                      icon={<ShoppingCartOutlined />}
                      data-testid={`portal-add-${row.code}`}
                      disabled={row.availability === 'OUT_OF_STOCK'}
                      onClick={() =>
                        onAdd({
                          skuId: row.id,
                          code: row.code,
                          name: row.name,
                          unit: row.unit,
                          taxRate: row.taxRate,
                          minOrderQuantity: row.minOrderQuantity,
                          packSize: row.packSize,
                          quantity: quantities[row.id] ?? row.minOrderQuantity,
                        })
                      }
                    >
                      {t('portalOrders.catalog.add')}
                    </Button>
                  </Space.Compact>
                </Space>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={connection?.pageInfo.hasNextPage ?? false}
        onPrevious={pager.previous}
        onNext={() => pager.next(connection?.pageInfo.endCursor)}
      />
    </Card>
  );
}

/** One cart line, priced live for its quantity by the server. */
function CartLineRow(props: {
  line: CartLine;
  onQuantity: (quantity: string) => void;
  onRemove: () => void;
  onQuote: (skuId: string, quote: LineQuote | null) => void;
  errors: readonly string[];
  editable: boolean;
}) {
  const { t } = useTranslation();
  const describe = useDescribe();
  const { line, onQuote } = props;
  const valid = /^\d+(\.\d{1,3})?$/.test(line.quantity) && Number(line.quantity) > 0;
  const [{ data }] = useQuery({
    query: PortalQuote,
    variables: { skuId: line.skuId, quantity: line.quantity },
    pause: !valid,
  });
  const quote = valid ? data?.portalQuote : undefined;
  useEffect(() => {
    onQuote(
      line.skuId,
      quote
        ? {
            unitPrice: quote.unitPrice,
            lineTotal: quote.lineTotal,
            taxRate: quote.item.taxRate,
            issues: quote.issues,
          }
        : null,
    );
  }, [quote, onQuote, line.skuId]);
  const issues = [...(quote?.issues.map(describe) ?? []), ...props.errors];

  return (
    <Flex
      vertical
      gap={4}
      style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
      data-testid={`portal-cart-${line.code}`}
    >
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{line.name}</Typography.Text>
          <Typography.Text type="secondary">
            {line.code}
            {line.minOrderQuantity !== '1' &&
              ` · ${t('portalOrders.catalog.minimum', { quantity: line.minOrderQuantity })}`}
            {line.packSize !== '1' &&
              ` · ${t('portalOrders.catalog.pack', { quantity: line.packSize })}`}
          </Typography.Text>
        </Space>
        <Space wrap>
          {props.editable ? (
            <InputNumber<string>
              stringMode
              min="0"
              step={line.packSize}
              style={{ width: 100 }}
              value={line.quantity}
              aria-label={`${t('portalOrders.catalog.quantity')} ${line.code}`}
              onChange={(value) => props.onQuantity(value ?? '')}
            />
          ) : (
            <Typography.Text>
              {quantityText(line.quantity)} {line.unit}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            × <Money value={quote?.unitPrice} />
          </Typography.Text>
          <Typography.Text strong>
            <Money value={quote?.lineTotal} />
          </Typography.Text>
          {props.editable && (
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={`${t('portalOrders.cart.remove')} ${line.code}`}
              onClick={props.onRemove}
            />
          )}
        </Space>
      </Flex>
      {issues.map((issue) => (
        <Typography.Text key={issue} type="danger" role="alert">
          {issue}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function Totals({
  lines,
  quotes,
}: {
  lines: CartLine[];
  quotes: Record<string, LineQuote | null>;
}) {
  const { t } = useTranslation();
  const priced = lines.map((l) => quotes[l.skuId]).filter((q): q is LineQuote => Boolean(q));
  if (priced.length === 0 || priced.length !== lines.length) return null;
  const currency = priced[0]!.lineTotal.currency;
  const subtotal = priced.reduce((sum, q) => sum + Number(q.lineTotal.amount), 0);
  const tax = priced.reduce(
    (sum, q) => sum + Math.round(Number(q.lineTotal.amount) * Number(q.taxRate) * 100) / 100,
    0,
  );
  const money = (amount: number) => ({ amount: amount.toFixed(2), currency });
  return (
    <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
      <Descriptions.Item label={t('portalOrders.cart.subtotal')}>
        <Money value={money(subtotal)} />
      </Descriptions.Item>
      <Descriptions.Item label={t('portalOrders.cart.tax')}>
        <Money value={money(tax)} />
      </Descriptions.Item>
      <Descriptions.Item label={t('portalOrders.cart.total')}>
        <strong>
          <Money value={money(subtotal + tax)} />
        </strong>
      </Descriptions.Item>
    </Descriptions>
  );
}

function Confirmation({
  order,
  onAnother,
}: {
  order: { id: string; number: string };
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={
        <span data-testid="portal-order-placed">
          {t('portalOrders.confirm.title', { number: order.number })}
        </span>
      }
      subTitle={t('portalOrders.confirm.body')}
      extra={[
        <Link key="view" to={`/orders/${order.id}`}>
          <Button type="primary">{t('portalOrders.confirm.viewOrder')}</Button>
        </Link>,
        <Button key="again" onClick={onAnother}>
          {t('portalOrders.confirm.another')}
        </Button>,
      ]}
    />
  );
}

export function PlaceOrderPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const describe = useDescribe();
  const [step, setStep] = useState(0);
  const [cart, setCart] = useState<CartLine[]>([]);
  const [quotes, setQuotes] = useState<Record<string, LineQuote | null>>({});
  const [form] = Form.useForm<Delivery>();
  const [delivery, setDelivery] = useState<Delivery>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [lineErrors, setLineErrors] = useState<Record<number, string[]>>({});
  const [placed, setPlaced] = useState<{ id: string; number: string } | null>(null);
  const idempotencyKey = useRef(newKey());
  const [{ data: addressData }] = useQuery({ query: PortalAddresses });
  const [{ fetching: placing }, placeOrder] = useMutation(PortalPlaceOrder);

  const addresses = addressData?.portalAddresses ?? [];
  const shipTos = addresses.filter((a) => a.kind === 'SHIP_TO');
  const billTos = addresses.filter((a) => a.kind === 'BILL_TO');
  const setQuote = useCallback(
    (skuId: string, quote: LineQuote | null) => setQuotes((all) => ({ ...all, [skuId]: quote })),
    [],
  );

  const add = (line: CartLine) => {
    setCart((lines) => {
      const existing = lines.find((l) => l.skuId === line.skuId);
      if (!existing) return [...lines, line];
      const quantity = String(Number(existing.quantity) + Number(line.quantity));
      return lines.map((l) => (l.skuId === line.skuId ? { ...l, quantity } : l));
    });
    setLineErrors({});
    void message.success(t('portalOrders.catalog.added', { code: line.code }));
  };
  const setQuantity = (skuId: string, quantity: string) => {
    setCart((lines) => lines.map((l) => (l.skuId === skuId ? { ...l, quantity } : l)));
    setLineErrors({});
  };
  const remove = (skuId: string) => setCart((lines) => lines.filter((l) => l.skuId !== skuId));

  const showErrors = (errors: readonly UserErrorLike[]) => {
    const byLine: Record<number, string[]> = {};
    const rest: string[] = [];
    for (const error of errors) {
      const path = error.field ?? [];
      if (path[0] === 'lines' && path[1] !== undefined) {
        const index = Number(path[1]);
        (byLine[index] ??= []).push(describe(error));
      } else {
        rest.push(describe(error));
      }
    }
    setLineErrors(byLine);
    setGeneral(rest);
  };

  const submit = async () => {
    setGeneral([]);
    const result = await placeOrder({
      input: {
        lines: cart.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        shipToAddressId: delivery.shipToAddressId ?? null,
        billToAddressId: delivery.billToAddressId ?? null,
        requestedDeliveryDate: delivery.requestedDeliveryDate?.format('YYYY-MM-DD') ?? null,
        notes: delivery.notes?.trim() || null,
        idempotencyKey: idempotencyKey.current,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.portalPlaceOrder;
    if (payload && payload.userErrors.length > 0) return showErrors(payload.userErrors);
    if (payload?.order) {
      setPlaced({ id: payload.order.id, number: payload.order.number });
      idempotencyKey.current = newKey();
    }
  };

  const startAgain = () => {
    setCart([]);
    setQuotes({});
    setPlaced(null);
    setStep(0);
    setGeneral([]);
    setLineErrors({});
    form.resetFields();
    setDelivery({});
    navigate('/order');
  };

  if (placed) return <Confirmation order={placed} onAnother={startAgain} />;

  const cartCard = (editable: boolean) => (
    <Card title={`${t('portalOrders.cart.title')} (${cart.length})`}>
      {cart.length === 0 ? (
        <Typography.Text type="secondary">{t('portalOrders.cart.empty')}</Typography.Text>
      ) : (
        <>
          {cart.map((line, index) => (
            <CartLineRow
              key={line.skuId}
              line={line}
              editable={editable}
              errors={lineErrors[index] ?? []}
              onQuantity={(q) => setQuantity(line.skuId, q)}
              onRemove={() => remove(line.skuId)}
              onQuote={setQuote}
            />
          ))}
          <Totals lines={cart} quotes={quotes} />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('portalOrders.cart.priceNote')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
  const addressOption = (a: (typeof addresses)[number]) => ({
    value: a.id,
    label: a.label ? `${a.label}: ${addressText(a)}` : addressText(a),
  });
  const chosen = (id: string | undefined) => addresses.find((a) => a.id === id);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader title={t('portalOrders.nav.placeOrder')} />
      <Steps
        current={step}
        size="small"
        responsive
        items={[
          { title: t('portalOrders.steps.items') },
          { title: t('portalOrders.steps.delivery') },
          { title: t('portalOrders.steps.review') },
        ]}
      />
      {step === 0 && (
        <>
          <CatalogueCard onAdd={add} />
          {cartCard(true)}
          <Flex justify="end">
            <Button
              type="primary"
              disabled={cart.length === 0}
              onClick={() => setStep(1)}
              data-testid="portal-next"
            >
              {t('portalOrders.review.next')}
            </Button>
          </Flex>
        </>
      )}
      {step === 1 && (
        <Card title={t('portalOrders.steps.delivery')}>
          {addresses.length === 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('portalOrders.delivery.noAddresses')}
            />
          )}
          <Form<Delivery>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{
              shipToAddressId: shipTos.find((a) => a.isDefault)?.id,
              billToAddressId: billTos.find((a) => a.isDefault)?.id,
              ...delivery,
            }}
            onFinish={(values) => {
              setDelivery(values);
              setStep(2);
            }}
          >
            <Form.Item name="shipToAddressId" label={t('portalOrders.delivery.shipTo')}>
              <Select
                allowClear
                options={shipTos.map(addressOption)}
                placeholder={t('portalOrders.delivery.customerDefault')}
              />
            </Form.Item>
            <Form.Item name="billToAddressId" label={t('portalOrders.delivery.billTo')}>
              <Select
                allowClear
                options={billTos.map(addressOption)}
                placeholder={t('portalOrders.delivery.customerDefault')}
              />
            </Form.Item>
            <Form.Item name="requestedDeliveryDate" label={t('portalOrders.delivery.date')}>
              <DatePicker
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                data-testid="portal-delivery-date"
              />
            </Form.Item>
            <Form.Item name="notes" label={t('portalOrders.delivery.notes')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Flex justify="space-between">
              <Button onClick={() => setStep(0)}>{t('portalOrders.review.back')}</Button>
              <Button type="primary" htmlType="submit" data-testid="portal-next">
                {t('portalOrders.review.next')}
              </Button>
            </Flex>
          </Form>
        </Card>
      )}
      {step === 2 && (
        <>
          <FormAlerts messages={general} />
          {cartCard(false)}
          <Card title={t('portalOrders.steps.delivery')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('portalOrders.delivery.shipTo')}>
                {chosen(delivery.shipToAddressId)
                  ? addressText(chosen(delivery.shipToAddressId)!)
                  : t('portalOrders.delivery.customerDefault')}
              </Descriptions.Item>
              <Descriptions.Item label={t('portalOrders.delivery.billTo')}>
                {chosen(delivery.billToAddressId)
                  ? addressText(chosen(delivery.billToAddressId)!)
                  : t('portalOrders.delivery.customerDefault')}
              </Descriptions.Item>
              <Descriptions.Item label={t('portalOrders.delivery.date')}>
                {delivery.requestedDeliveryDate
                  ? formatDay(delivery.requestedDeliveryDate.format('YYYY-MM-DD'), i18n.language)
                  : t('portalOrders.review.noDate')}
              </Descriptions.Item>
              {delivery.notes?.trim() && (
                <Descriptions.Item label={t('portalOrders.delivery.notes')}>
                  {delivery.notes}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Flex justify="space-between">
            <Button
              onClick={() => {
                setStep(0);
                setGeneral([]);
              }}
            >
              {t('portalOrders.review.back')}
            </Button>
            <Button
              type="primary"
              loading={placing}
              disabled={cart.length === 0}
              onClick={() => void submit()}
              data-testid="portal-place-order"
            >
              {t('portalOrders.review.place')}
            </Button>
          </Flex>
        </>
      )}
    </Space>
  );
}
