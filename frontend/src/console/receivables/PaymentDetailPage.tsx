import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import type { PaymentDetailQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { formatMoney } from '../catalog/money';
import { NotFoundPage } from '../NotFoundPage';
import { PaymentRefundsPanel } from '../refunds/PaymentRefundsPanel';
import { useCan } from '../viewer';
import { PaymentDetail } from './queries';
import { orderPath } from '../links';

type Payment = NonNullable<PaymentDetailQuery['paymentByNumber']>;
type Allocation = Payment['allocations'][number];

/** One payment: how, when and from whom it came, and the orders it paid. */
export default function PaymentDetailPage() {
  const { id: number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const mayRead = useCan('payments', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PaymentDetail,
    variables: { number },
    pause: !mayRead,
  });

  if (!mayRead) return <ForbiddenState />;
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return <NotFoundPage />;
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if (!data && fetching) return <LoadingState />;
  const payment = data?.paymentByNumber;
  if (!payment) return <NotFoundPage />;
  const language = i18n.language;

  return (
    <>
      <PageHeader
        title={`${t('receivables.payments.payment')} ${payment.number}`}
        extra={
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/receivables?tab=payments')}
          >
            {t('receivables.payments.backToList')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="payment-header">
          <Descriptions.Item label={t('receivables.customer')}>
            {payment.customerName}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.method')}>
            {t(`receivables.methods.${payment.method}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.receivedOn')}>
            {formatDay(payment.receivedOn, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.amount')}>
            {formatMoney(payment.amount, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.allocated')}>
            {formatMoney(payment.amountAllocated, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.reference')}>
            {payment.reference ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.recordedBy')}>
            {payment.recordedByLabel ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('receivables.payments.recordedAt')}>
            {formatDateTime(payment.createdAt, language)}
          </Descriptions.Item>
          {payment.note && (
            <Descriptions.Item label={t('receivables.payments.note')}>
              {payment.note}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('receivables.payments.allocations')}>
        <ConnectionTable<Allocation>
          rows={payment.allocations}
          rowKey="receivableId"
          size="small"
          data-testid="payment-allocations"
          empty={t('receivables.payments.noAllocations')}
          columns={[
            {
              title: t('receivables.order'),
              key: 'order',
              render: (_, a) => <Link to={orderPath(a.orderNumber)}>{a.orderNumber}</Link>,
            },
            {
              title: t('receivables.amount'),
              key: 'amount',
              align: 'right',
              render: (_, a) => formatMoney(a.amount, language),
            },
          ]}
        />
      </Card>
      <PaymentRefundsPanel paymentId={payment.id} orderId={singleOrder(payment.allocations)} />
    </>
  );
}

/** The order a payment paid, when it paid just one: a refund from here is then of that order. */
function singleOrder(allocations: readonly Allocation[]): string | null {
  const orders = new Set(allocations.map((a) => a.orderId));
  return orders.size === 1 ? ([...orders][0] ?? null) : null;
}
