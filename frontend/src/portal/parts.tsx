import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCurrency } from '../shared/format';
import { statusColor } from '../shared/status';

const AVAILABILITY_COLOURS: Record<string, string> = {
  IN_STOCK: 'green',
  LOW: 'orange',
  OUT_OF_STOCK: 'red',
};

export interface MoneyLike {
  amount: string;
  currency: string;
}

export function Money({ value }: { value: MoneyLike | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return <>—</>;
  return <>{formatCurrency(Number(value.amount), value.currency, i18n.language)}</>;
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('order', status)} data-testid="portal-order-status">
      {t(`portalOrders.status.${status}`)}
    </Tag>
  );
}

export function AvailabilityTag({ availability }: { availability: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={AVAILABILITY_COLOURS[availability] ?? 'default'}>
      {t(`portalOrders.availability.${availability}`)}
    </Tag>
  );
}
