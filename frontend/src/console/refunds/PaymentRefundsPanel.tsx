import { Button, Card, Descriptions } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { PaymentRefundsQuery } from '../../gql/graphql';
import { formatMoney } from '../catalog/money';
import { useCan } from '../viewer';
import { PaymentRefunds } from './queries';
import { refundableOf } from './refundable';
import { RefundDrawer } from './RefundDrawer';
import { RefundsTable, type RefundRow } from './RefundsTable';
import { RequestRefundDrawer } from './RequestRefundDrawer';

type PaymentNode = Extract<NonNullable<PaymentRefundsQuery['node']>, { refunds: unknown }>;

function isPayment(node: PaymentRefundsQuery['node'] | undefined): node is PaymentNode {
  return !!node && 'refunds' in node;
}

/** On a payment's page: what was refunded of it, its refunds, and "Request refund". */
export function PaymentRefundsPanel({
  paymentId,
  orderId,
}: {
  paymentId: string;
  orderId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('refunds', 'read');
  const mayRequest = useCan('refunds', 'request');
  const [{ data, fetching }, refetch] = useQuery({
    query: PaymentRefunds,
    variables: { id: paymentId },
    pause: !mayRead && !mayRequest,
  });
  const [requesting, setRequesting] = useState(false);
  const [selected, setSelected] = useState<RefundRow | null>(null);
  const payment = data?.node;
  if (!isPayment(payment)) return null;
  const refundable = refundableOf(payment.amount.amount, payment.refunds);
  const currency = payment.amount.currency;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <Card
      size="small"
      title={t('refunds.title')}
      style={{ marginTop: 16 }}
      data-testid="payment-refunds"
      extra={
        mayRequest &&
        Number(refundable) > 0 && (
          <Button onClick={() => setRequesting(true)}>{t('refunds.request.button')}</Button>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('refunds.amountRefunded')}>
          <span data-testid="payment-amount-refunded">
            {formatMoney(payment.amountRefunded, i18n.language)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('refunds.refundable')}>
          {formatMoney({ amount: refundable, currency }, i18n.language)}
        </Descriptions.Item>
      </Descriptions>
      {mayRead && (
        <RefundsTable
          rows={payment.refunds}
          loading={fetching}
          onOpen={setSelected}
          testId="payment-refunds-table"
          compact
        />
      )}
      {mayRequest && (
        <RequestRefundDrawer
          orderId={orderId}
          open={requesting}
          onClose={() => setRequesting(false)}
          payment={{
            paymentId,
            number: payment.number,
            amountRefundable: { amount: refundable, currency },
          }}
          onRequested={() => {
            setRequesting(false);
            reload();
          }}
        />
      )}
      <RefundDrawer
        refund={selected}
        onClose={() => setSelected(null)}
        onChanged={(refund) => {
          setSelected(refund);
          reload();
        }}
      />
    </Card>
  );
}
