import { Alert, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrderTotals } from '../../shared/components/OrderTotals';
import { approvalReasonText, priceRuleText } from '../../shared/serverText';
import { formatMoney, formatQuantity } from '../catalog/money';
import { useIssueText, type Issue } from './orderIssues';
import type { Preview, PreviewLine } from './useOrderPreview';

/** One line's server figures: unit price and its rule, amounts, size hints, stock. */
export function LineInsight({
  index,
  line,
  issues,
}: {
  index: number;
  line: PreviewLine | undefined;
  issues: readonly Issue[];
}) {
  const { t, i18n } = useTranslation();
  const describe = useIssueText();
  const quantity = (value: string) => formatQuantity(value, i18n.language);
  const hints = [
    line?.minOrderQuantity && line.minOrderQuantity !== '1'
      ? t('orderEntry.minimum', { quantity: quantity(line.minOrderQuantity) })
      : null,
    line?.packSize && line.packSize !== '1'
      ? t('orderEntry.packSize', { quantity: quantity(line.packSize) })
      : null,
  ].filter((hint): hint is string => hint !== null);
  const stock = line?.stock;
  return (
    <Space
      direction="vertical"
      size={0}
      data-testid={`line-insight-${index}`}
      style={{ minWidth: 220 }}
    >
      <Typography.Text data-testid="line-price">
        {line?.unitPrice
          ? `${t('orders.unitPrice')}: ${formatMoney(line.unitPrice, i18n.language)}`
          : '—'}
      </Typography.Text>
      {line?.priceRule && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="line-price-source">
          {priceRuleText(t, line.priceRule)}
        </Typography.Text>
      )}
      {line?.total && line.tax && (
        <Typography.Text style={{ fontSize: 12 }} data-testid="line-amounts">
          {t('orderEntry.lineTotal', {
            total: formatMoney(line.total, i18n.language),
            tax: formatMoney(line.tax, i18n.language),
          })}
        </Typography.Text>
      )}
      {hints.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="line-hints">
          {hints.join(' · ')}
        </Typography.Text>
      )}
      {stock && (
        <Typography.Text
          type={stock.enough ? 'secondary' : 'warning'}
          style={{ fontSize: 12 }}
          data-testid="line-stock"
        >
          {stock.warehouse === null
            ? t('orderEntry.noWarehouse')
            : t(stock.enough ? 'orderEntry.inStock' : 'orderEntry.short', {
                available: quantity(stock.available),
                warehouse: stock.warehouse,
              })}
        </Typography.Text>
      )}
      {issues.map((issue) => (
        <Typography.Text
          key={issue.code}
          type="danger"
          style={{ fontSize: 12 }}
          data-testid="line-issue"
        >
          {describe(issue)}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** The short lines, each named with what was asked and what the warehouse has. */
export function ShortLines({
  preview,
  quantities,
}: {
  preview: Preview;
  quantities: readonly (string | null)[];
}) {
  const { t, i18n } = useTranslation();
  if (preview.shortLines.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="order-short-lines"
      message={t('orderEntry.shortTitle')}
      description={
        <>
          {preview.shortLines.map((index) => {
            const line = preview.lines[index];
            return (
              <div key={index} data-testid="short-line">
                {t('orderEntry.shortLine', {
                  line: index + 1,
                  sku: line?.skuCode ?? '',
                  requested: formatQuantity(quantities[index] ?? null, i18n.language),
                  available: formatQuantity(line?.stock?.available ?? null, i18n.language),
                  warehouse: line?.stock?.warehouse ?? '—',
                })}
              </div>
            );
          })}
          <div>
            {preview.mayBackorder ? t('orderEntry.mayBackorder') : t('orderEntry.mayNotBackorder')}
          </div>
        </>
      }
    />
  );
}

/** Whether submitting would wait for approval, and which rule asks for it. */
export function ApprovalForecast({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation();
  if (!preview.total) return null;
  if (preview.approvals.length === 0)
    return (
      <Typography.Paragraph type="secondary" data-testid="order-approval-forecast">
        {t('orderEntry.noApproval')}
      </Typography.Paragraph>
    );
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="order-approval-forecast"
      message={t('orderEntry.approvalNeeded')}
      description={preview.approvals.map((step) => (
        <div key={step.level}>
          {t('orderEntry.approvalStep', {
            level: t(`approvals.levels.${step.level}`, { defaultValue: step.level }),
            reasons: step.reasons
              .map((reason) => approvalReasonText(t, i18n.language, reason))
              .join(' '),
          })}
        </div>
      ))}
    />
  );
}

/** The order's totals by the server's prices: subtotal, discounts, tax by rate, total. */
export function PreviewTotals({ preview }: { preview: Preview | null }) {
  const { t } = useTranslation();
  const { subtotal, discountTotal, taxTotal, total } = preview ?? {};
  return (
    <Card
      size="small"
      title={t('orderEntry.totalsTitle')}
      style={{ marginBottom: 16 }}
      data-testid="order-preview"
    >
      {preview && subtotal && discountTotal && taxTotal && total ? (
        <>
          <OrderTotals
            order={{ subtotal, discountTotal, taxTotal, total, taxByRate: preview.taxByRate }}
            maxWidth={480}
          />
          {!preview.complete && (
            <Typography.Text type="secondary">{t('orderEntry.partial')}</Typography.Text>
          )}
        </>
      ) : (
        <Typography.Text type="secondary">{t('orderEntry.totalsPending')}</Typography.Text>
      )}
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('orders.form.previewHint')}
        </Typography.Text>
      </div>
    </Card>
  );
}
