import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RefundFieldsFragment } from '../../gql/graphql';
import { ConnectionTable, type MoreRowsControl } from '../../shared/components/ConnectionTable';
import { formatDateTime } from '../../shared/format';
import { formatMoney } from '../catalog/money';
import { RefundStatusTag } from './tags';
import { orderPath, paymentPath } from '../links';

export type RefundRow = RefundFieldsFragment;

/** Refund columns, for the refunds screen and a payment's page. */
export function RefundsTable({
  rows,
  loading,
  more,
  onOpen,
  testId,
  compact = false,
}: {
  rows: RefundRow[];
  loading: boolean;
  more?: MoreRowsControl;
  onOpen: (refund: RefundRow) => void;
  testId: string;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <ConnectionTable<RefundRow>
      rows={rows}
      more={more}
      size="small"
      loading={loading}
      scroll={{ x: compact ? 800 : 1200 }}
      data-testid={testId}
      empty={t('refunds.empty')}
      columns={[
        {
          title: t('refunds.number'),
          key: 'number',
          render: (_, r) => (
            <a onClick={() => onOpen(r)} role="button" data-testid="refund-open">
              {r.number}
            </a>
          ),
        },
        ...(compact
          ? []
          : [
              {
                title: t('refunds.payment'),
                key: 'payment',
                render: (_: unknown, r: RefundRow) => (
                  <Link to={paymentPath(r.paymentNumber)}>{r.paymentNumber}</Link>
                ),
              },
              {
                title: t('refunds.order'),
                key: 'order',
                render: (_: unknown, r: RefundRow) =>
                  r.orderId ? (
                    <Link to={orderPath(r.orderNumber ?? r.orderId)}>
                      {r.orderNumber ?? r.orderId}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              { title: t('refunds.customer'), dataIndex: 'customerName', key: 'customer' },
            ]),
        {
          title: t('refunds.amount'),
          key: 'amount',
          align: 'right',
          render: (_, r) => formatMoney(r.amount, language),
        },
        {
          title: t('refunds.reason'),
          key: 'reason',
          render: (_, r) => t(`refunds.reasons.${r.reason}`),
        },
        {
          title: t('refunds.requestedBy'),
          key: 'requestedBy',
          render: (_, r) => r.requestedByLabel ?? '—',
        },
        {
          title: t('refunds.requestedAt'),
          key: 'createdAt',
          render: (_, r) => formatDateTime(r.createdAt, language),
        },
        {
          title: t('refunds.status'),
          key: 'status',
          render: (_, r) => <RefundStatusTag status={r.status} />,
        },
      ]}
    />
  );
}
