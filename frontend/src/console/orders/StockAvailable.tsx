import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatQuantity } from '../catalog/money';
import { useAvailable } from './useAvailable';

export function StockAvailable({ skuId }: { skuId: string | null | undefined }) {
  const { i18n } = useTranslation();
  const available = useAvailable(skuId);
  return (
    <Typography.Text data-testid="stock-available">
      {available === null ? '—' : formatQuantity(available, i18n.language)}
    </Typography.Text>
  );
}
