import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCurrency } from '../format';

interface MoneyValue {
  amount: string;
  currency: string;
}

interface RateTotal {
  rate: string;
  taxableAmount: { amount: string };
  tax: { amount: string };
}

/** What an order's breakdown needs; the console's Order and the portal's PortalOrder both
 * carry it. */
export interface OrderTotalsValue {
  subtotal: MoneyValue;
  discountTotal: { amount: string };
  taxTotal: { amount: string };
  taxByRate: readonly RateTotal[];
  total: { amount: string };
}

function formatRate(rate: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    Number(rate),
  );
}

/** One amount, with its exact value in `data-amount` so tests can add the lines up. */
function Amount({
  amount,
  currency,
  testId,
}: {
  amount: string;
  currency: string;
  testId: string;
}) {
  const { i18n } = useTranslation();
  return (
    <span data-testid={testId} data-amount={amount}>
      {formatCurrency(Number(amount), currency, i18n.language)}
    </span>
  );
}

/** Subtotal, discounts, tax per rate and total, labelled the same on the console and the
 * portal: subtotal − discounts + tax = total. */
export function OrderTotals({ order, maxWidth }: { order: OrderTotalsValue; maxWidth?: number }) {
  const { t, i18n } = useTranslation();
  const currency = order.subtotal.currency;
  const money = (amount: string) => formatCurrency(Number(amount), currency, i18n.language);
  const hasDiscount = Number(order.discountTotal.amount) !== 0;
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 12, maxWidth, marginLeft: 'auto' }}
      data-testid="order-totals"
    >
      <Descriptions.Item label={t('orderTotals.subtotal')}>
        <Amount amount={order.subtotal.amount} currency={currency} testId="totals-subtotal" />
      </Descriptions.Item>
      <Descriptions.Item label={t('orderTotals.discounts')}>
        <span data-testid="totals-discounts" data-amount={order.discountTotal.amount}>
          {hasDiscount ? `−${money(order.discountTotal.amount)}` : money('0')}
        </span>
      </Descriptions.Item>
      {order.taxByRate.length === 0 ? (
        <Descriptions.Item label={t('orderTotals.tax')}>
          <Amount amount={order.taxTotal.amount} currency={currency} testId="totals-tax" />
        </Descriptions.Item>
      ) : (
        order.taxByRate.map((line) => (
          <Descriptions.Item
            key={line.rate}
            label={t('orderTotals.taxAt', {
              rate: formatRate(line.rate, i18n.language),
              base: money(line.taxableAmount.amount),
            })}
          >
            <Amount amount={line.tax.amount} currency={currency} testId="totals-tax" />
          </Descriptions.Item>
        ))
      )}
      <Descriptions.Item label={<Typography.Text strong>{t('orderTotals.total')}</Typography.Text>}>
        <strong>
          <Amount amount={order.total.amount} currency={currency} testId="totals-total" />
        </strong>
      </Descriptions.Item>
    </Descriptions>
  );
}
