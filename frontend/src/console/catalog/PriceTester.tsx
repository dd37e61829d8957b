import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  InputNumber,
  Select,
  Space,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import type { QuotePriceQuery } from '../../gql/graphql';
import { isForbidden } from '../../shared/graphqlClient';
import { priceRuleText } from '../../shared/serverText';
import { useCan } from '../viewer';
import { formatMoney, formatQuantity } from './money';
import { toQuoteInput, type PriceTesterValues } from './priceTester';
import { CustomerPicker, CustomerTiers, QuotePrice } from './queries';
import { SkuSelect } from './SkuSelect';

type Quote = QuotePriceQuery['quotePrice'];

function CustomerSelect(props: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const canRead = useCan('customers', 'read');
  const [{ data, fetching }] = useQuery({
    query: CustomerPicker,
    variables: { search: search || null },
    pause: !canRead,
  });
  return (
    <Select
      id={props.id}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      loading={fetching}
      value={props.value}
      onChange={props.onChange}
      style={{ minWidth: 240 }}
      options={(data?.customers.edges ?? []).map((e) => ({
        value: e.node.id,
        label: `${e.node.name} (${e.node.tier})`,
      }))}
    />
  );
}

/** "What would customer X pay for N of SKU Y on day D?", answered by the server's pricing engine. */
export function PriceTester() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [form] = Form.useForm<PriceTesterValues>();
  const [tiers] = useQuery({ query: CustomerTiers });
  const [quote, setQuote] = useState<Quote | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  const ask = async (values: PriceTesterValues) => {
    const input = toQuoteInput(values);
    if (!input) return;
    setAsking(true);
    setProblem(null);
    const result = await client
      .query(QuotePrice, { input }, { requestPolicy: 'network-only' })
      .toPromise();
    setAsking(false);
    if (result.error) {
      setQuote(null);
      return setProblem(
        isForbidden(result.error)
          ? t('states.forbiddenBody')
          : (result.error.graphQLErrors[0]?.message ?? t('states.networkError')),
      );
    }
    setQuote(result.data?.quotePrice ?? null);
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Card title={t('priceTester.title')} size="small" data-testid="price-tester">
      <Form
        form={form}
        name="priceTester"
        layout="inline"
        colon={false}
        requiredMark={false}
        onFinish={(v) => void ask(v)}
        style={{ rowGap: 8 }}
        initialValues={{ quantity: '1' }}
      >
        <Form.Item name="customerId" label={t('priceTester.customer')}>
          <CustomerSelect />
        </Form.Item>
        <Form.Item name="tier" label={t('priceTester.tier')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={(tiers.data?.customerTiers ?? []).map((tier) => ({
              value: tier,
              label: tier,
            }))}
          />
        </Form.Item>
        <Form.Item name="skuId" label={t('priceTester.sku')} rules={required}>
          <SkuSelect />
        </Form.Item>
        <Form.Item name="quantity" label={t('priceTester.quantity')} rules={required}>
          <InputNumber stringMode min="0.001" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="date" label={t('priceTester.date')}>
          <DatePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={asking}>
            {t('priceTester.ask')}
          </Button>
        </Space>
      </Form>
      {problem && (
        <Alert role="alert" type="error" showIcon message={problem} style={{ marginTop: 12 }} />
      )}
      {quote && (
        <Descriptions
          size="small"
          bordered
          column={2}
          style={{ marginTop: 12 }}
          data-testid="price-quote"
        >
          <Descriptions.Item label={t('priceTester.unitPrice')}>
            {formatMoney(quote.unitPrice, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('priceTester.lineTotal')}>
            {formatMoney(quote.lineTotal, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('priceTester.source')}>
            {priceRuleText(t, quote.priceRule)}
          </Descriptions.Item>
          <Descriptions.Item label={t('priceTester.pricedFor')}>
            {`${quote.sku.code} × ${formatQuantity(quote.quantity as string, i18n.language)} · ${quote.tier ?? '—'} · ${quote.region ?? '—'} · ${String(quote.date)}`}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
