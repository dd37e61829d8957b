import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatQuantity } from '../catalog/money';

export interface ShippingProgressValue {
  shipped: string;
  ordered: string;
  partial: boolean;
}

/** "· 4 of 10 shipped" beside an order's status while it is shipped in part; nothing else. */
export function ShippedInPart({
  progress,
}: {
  progress: ShippingProgressValue | null | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (!progress?.partial) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="shipped-in-part">
      {'· '}
      {t('orderEntry.shippedOf', {
        shipped: formatQuantity(progress.shipped, i18n.language),
        ordered: formatQuantity(progress.ordered, i18n.language),
      })}
    </Typography.Text>
  );
}
