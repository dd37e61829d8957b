import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Card, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { PortalInvoicesQuery } from '../gql/graphql';
import { PageHeader } from '../shared/components/PageHeader';
import { PdfLink } from '../shared/components/PdfLink';
import { ErrorState, LoadingState } from '../shared/components/States';
import { formatDay } from '../shared/format';
import { statusColor } from '../shared/status';
import { PayNowButton, type StartedPayment } from './PayNowDialog';
import { usePaymentPolling } from './usePaymentPolling';
import { Money } from './parts';
import { PortalTable } from './PortalTable';
import { PayInvoiceOnline, PortalInvoices } from './queries';
import { isPositiveAmount } from './stripeJs';

type Invoice = PortalInvoicesQuery['portalInvoices'][number];

function InvoiceStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('invoice', status)} data-testid="portal-invoice-status">
      {t(`portalInvoices.statuses.${status}`)}
    </Tag>
  );
}

/** The customer's invoices and credit notes: what each comes to and still asks for, its PDF,
 * and "Pay" for what is open. */
export function InvoicesPage() {
  const { t, i18n } = useTranslation();
  const [{ data, error }, refetch] = useQuery({
    query: PortalInvoices,
    requestPolicy: 'cache-and-network',
  });
  const [, payInvoice] = useMutation(PayInvoiceOnline);
  const [paying, setPaying] = useState<string | null>(null);
  const paid = data?.portalInvoices.find((i) => i.id === paying);
  const { polling, start: startPolling } = usePaymentPolling(
    () => refetch({ requestPolicy: 'network-only' }),
    !paid || !isPositiveAmount(paid.amountDue.amount),
  );
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <LoadingState />;

  const payable = (invoice: Invoice) =>
    invoice.kind === 'INVOICE' &&
    invoice.status !== 'VOID' &&
    isPositiveAmount(invoice.amountDue.amount);
  const start = (invoice: Invoice) => async (): Promise<StartedPayment> => {
    const result = await payInvoice({ invoiceId: invoice.id });
    return { payload: result.data?.payInvoiceOnline, error: result.error };
  };

  return (
    <div data-testid="portal-invoices">
      <PageHeader title={t('portalInvoices.title')} />
      <Card>
        {polling && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('portalPayments.pay.received')}
            data-testid="pay-pending"
          />
        )}
        <PortalTable<Invoice>
          rows={data.portalInvoices}
          keyOf={(i) => i.id}
          titleColumn="number"
          cardTestId="portal-invoice-card"
          size="small"
          data-testid="portal-invoices-table"
          emptyText={t('portalInvoices.empty')}
          columns={[
            {
              title: t('portalInvoices.number'),
              key: 'number',
              render: (_, i) => (
                <Space size={4} wrap>
                  <span data-testid="portal-invoice-number">{i.number}</span>
                  {i.kind === 'CREDIT_NOTE' && (
                    <Tag color="purple">{t('portalInvoices.creditNote')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('portalInvoices.order'),
              key: 'order',
              render: (_, i) => <Link to={`/orders/${i.orderId}`}>{i.orderNumber}</Link>,
            },
            {
              title: t('portalInvoices.issuedOn'),
              key: 'issued',
              render: (_, i) => formatDay(i.issuedOn, i18n.language),
            },
            {
              title: t('portalInvoices.dueDate'),
              key: 'due',
              render: (_, i) => formatDay(i.dueDate, i18n.language),
            },
            {
              title: t('portalInvoices.total'),
              key: 'total',
              align: 'right',
              render: (_, i) => <Money value={i.total} />,
            },
            {
              title: t('portalInvoices.amountPaid'),
              key: 'paid',
              align: 'right',
              render: (_, i) => <Money value={i.amountPaid} />,
            },
            {
              title: t('portalInvoices.amountDue'),
              key: 'amountDue',
              align: 'right',
              render: (_, i) => (
                <strong data-testid="portal-invoice-due">
                  <Money value={i.amountDue} />
                </strong>
              ),
            },
            {
              title: t('portalInvoices.status'),
              key: 'status',
              render: (_, i) => <InvoiceStatus status={i.status} />,
            },
            {
              title: t('portalInvoices.actions'),
              key: 'actions',
              render: (_, i) => (
                <Space wrap size={8}>
                  <PdfLink url={i.pdfUrl} testId="portal-invoice-pdf">
                    <FilePdfOutlined /> {t('portalInvoices.downloadPdf')}
                  </PdfLink>
                  <PayNowButton
                    start={start(i)}
                    title={t('portalInvoices.payTitle', { number: i.number })}
                    payable={payable(i)}
                    label={t('portalInvoices.pay')}
                    testId="pay-invoice"
                    onPaid={() => {
                      setPaying(i.id);
                      startPolling();
                    }}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
