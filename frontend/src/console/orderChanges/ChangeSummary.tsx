import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderChangeRequestFieldsFragment, OrderChangeStatus } from '../../gql/graphql';
import { formatDay } from '../../shared/format';
import { priceRuleText } from '../../shared/serverText';
import { statusColor } from '../../shared/status';
import { formatMoney, formatQuantity } from '../catalog/money';

export type ChangeRequest = OrderChangeRequestFieldsFragment;
type Address = ChangeRequest['shipToAfter'];

export function ChangeStatusTag({ status }: { status: OrderChangeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('orderChange', status)} data-testid="change-status">
      {t(`orderChanges.statuses.${status}`)}
    </Tag>
  );
}

function addressText(address: Address): string {
  return address
    ? [address.recipient, address.line1, address.city, address.country].join(', ')
    : '—';
}

/** What a request changes, each field as before → after (prices once approved). */
export function ChangeSummary({ request }: { request: ChangeRequest }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const quantity = (value: string) => formatQuantity(value, language);
  return (
    <Space direction="vertical" size={2} data-testid="change-summary">
      {request.lines.map((line) => (
        <Typography.Text key={line.orderLineId}>
          {t('orderChanges.lineChange', {
            sku: line.skuCode,
            before: quantity(line.quantityBefore),
            after: quantity(line.quantityAfter),
          })}
          {line.unitPriceAfter && (
            <Typography.Text type="secondary">
              {' '}
              {t('orderChanges.repriced', {
                before: formatMoney(line.unitPriceBefore, language),
                after: formatMoney(line.unitPriceAfter, language),
                source: line.priceRuleAfter ? priceRuleText(t, line.priceRuleAfter) : '',
              })}
            </Typography.Text>
          )}
        </Typography.Text>
      ))}
      {request.deliveryDateChanged && (
        <Typography.Text>
          {t('orderChanges.dateChange', {
            before: formatDay(request.requestedDeliveryDateBefore, language),
            after: formatDay(request.requestedDeliveryDateAfter, language),
          })}
        </Typography.Text>
      )}
      {request.shipToChanged && (
        <Typography.Text>
          {t('orderChanges.addressChange', {
            before: addressText(request.shipToBefore),
            after: addressText(request.shipToAfter),
          })}
        </Typography.Text>
      )}
      {request.totalAfter && (
        <Typography.Text strong>
          {t('orderChanges.totalChange', {
            before: formatMoney(request.totalBefore, language),
            after: formatMoney(request.totalAfter, language),
          })}
        </Typography.Text>
      )}
      {request.reason && (
        <Typography.Text type="secondary">
          {t('orderChanges.reasonIs', { reason: request.reason })}
        </Typography.Text>
      )}
      {request.closedByOrderStatus ? (
        <Typography.Text type="secondary">
          {t('orderChanges.closedBecause', {
            status: t(`orders.statuses.${request.closedByOrderStatus}`, {
              defaultValue: request.closedByOrderStatus,
            }),
          })}
        </Typography.Text>
      ) : (
        request.decisionNote && (
          <Typography.Text type="secondary">
            {t('orderChanges.noteIs', { note: request.decisionNote })}
          </Typography.Text>
        )
      )}
    </Space>
  );
}
