import { ArrowLeftOutlined, FilePdfOutlined, MailOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { InvoiceDetailQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { usePdfOpener } from '../../shared/usePdfOpener';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { formatMoney, formatQuantity, formatRate } from '../catalog/money';
import { NotFoundPage } from '../NotFoundPage';
import { useCan } from '../viewer';
import { CreditNoteDrawer } from './CreditNoteDrawer';
import { InvoicesTable } from './InvoicesPage';
import { InvoiceDetail, InvoicesList, SendInvoice } from './queries';
import { InvoiceKindTag, InvoiceStatusTag } from './tags';
import { VoidInvoiceModal } from './VoidInvoiceModal';
import { invoicePath, orderPath } from '../links';

export type Invoice = NonNullable<InvoiceDetailQuery['invoiceByNumber']>;
type Line = Invoice['lines'][number];
type TaxLine = Invoice['taxBreakdown'][number];

/** One invoice or credit note: header, lines, tax per rate, totals, and what can be done with it. */
export default function InvoiceDetailPage() {
  const { id: number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const mayRead = useCan('invoices', 'read');
  const mayIssue = useCan('invoices', 'issue');
  const mayVoid = useCan('invoices', 'void');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvoiceDetail,
    variables: { number },
    pause: !mayRead,
  });
  const invoice = data?.invoiceByNumber;
  const orderId = invoice?.orderId ?? '';
  const [related, refetchRelated] = useQuery({
    query: InvoicesList,
    variables: { first: 100, filter: { orderId, kind: 'CREDIT_NOTE' } },
    pause: !mayRead || !orderId || invoice?.kind === 'CREDIT_NOTE',
  });
  const [{ fetching: sending }, send] = useMutation(SendInvoice);
  const [voiding, setVoiding] = useState(false);
  const openPdf = usePdfOpener();
  // `?credit=1` (a ticket's follow-up link) opens the credit-note drawer straight away.
  const [searchParams] = useSearchParams();
  const [crediting, setCrediting] = useState(searchParams.get('credit') === '1');

  if (!mayRead) return <ForbiddenState />;
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return <NotFoundPage />;
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if (!data && fetching) return <LoadingState />;
  if (!invoice) return <NotFoundPage />;
  const language = i18n.language;
  const money = (value: { amount: string; currency: string }) => formatMoney(value, language);
  const isCreditNote = invoice.kind === 'CREDIT_NOTE';
  const isVoid = invoice.status === 'VOID';
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    refetchRelated({ requestPolicy: 'network-only' });
  };
  const creditNotes = (related.data?.invoices.edges.map((e) => e.node) ?? []).filter(
    (n) => n.creditedInvoiceId === invoice.id,
  );
  const canVoid =
    mayVoid && !isVoid && invoice.status !== 'PAID' && invoice.status !== 'PARTIALLY_PAID';
  const canCredit = mayIssue && !isVoid && !isCreditNote;

  const sendAgain = async () => {
    const result = await send({ invoiceId: invoice.id });
    const first = result.data?.sendInvoice.userErrors[0];
    if (result.error || first) {
      void message.error(
        first
          ? t(`errors.${first.code}`, { defaultValue: first.message })
          : t('states.networkError'),
      );
      return;
    }
    void message.success(
      t('invoices.sent', { email: result.data?.sendInvoice.invoice?.emailedTo ?? '' }),
    );
    reload();
  };

  return (
    <>
      <PageHeader
        title={`${t(`invoices.kinds.${invoice.kind}`)} ${invoice.number}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/invoices')}>
              {t('invoices.backToList')}
            </Button>
            <Button
              icon={<FilePdfOutlined />}
              href={invoice.pdfUrl}
              target="_blank"
              rel="noopener"
              data-testid="invoice-pdf"
              onClick={(e) => void openPdf(invoice.pdfUrl, e)}
            >
              {t('invoices.downloadPdf')}
            </Button>
            {mayIssue && !isVoid && (
              <Button icon={<MailOutlined />} loading={sending} onClick={() => void sendAgain()}>
                {t('invoices.sendAgain')}
              </Button>
            )}
            {canCredit && (
              <Button onClick={() => setCrediting(true)}>{t('invoices.creditNote.button')}</Button>
            )}
            {canVoid && (
              <Button danger onClick={() => setVoiding(true)}>
                {t('invoices.void.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="invoice-header">
          <Descriptions.Item label={t('invoices.status')}>
            <InvoiceStatusTag status={invoice.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.kind')}>
            <InvoiceKindTag kind={invoice.kind} />
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.basis')}>
            {t(`invoices.bases.${invoice.basis}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.order')}>
            <Link to={orderPath(invoice.orderNumber)}>{invoice.orderNumber}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.customer')}>
            {invoice.customerName}
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.billTo')}>
            <span data-testid="invoice-bill-to">{invoice.billTo.join(', ') || '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.issuedOn')}>
            {formatDay(invoice.issuedOn, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.dueDate')}>
            {invoice.dueDate ? formatDay(invoice.dueDate, language) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.issuedBy')}>
            {invoice.issuedByLabel ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.emailed')}>
            {invoice.emailedTo
              ? `${invoice.emailedTo} · ${formatDateTime(invoice.emailedAt, language)}`
              : '—'}
          </Descriptions.Item>
          {invoice.creditedInvoiceId && (
            <Descriptions.Item label={t('invoices.credits')}>
              <Link
                to={invoicePath(invoice.creditedInvoiceNumber ?? invoice.creditedInvoiceId)}
                data-testid="credited-invoice"
              >
                {invoice.creditedInvoiceNumber ?? invoice.creditedInvoiceId}
              </Link>
            </Descriptions.Item>
          )}
          {invoice.reason && (
            <Descriptions.Item label={t('invoices.reason')}>{invoice.reason}</Descriptions.Item>
          )}
          {isVoid && (
            <Descriptions.Item label={t('invoices.voided')}>
              <span data-testid="void-reason">{`${formatDateTime(invoice.voidedAt, language)} · ${invoice.voidReason ?? ''}`}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('invoices.lines')} style={{ marginBottom: 16 }}>
        <Table<Line>
          rowKey="lineNo"
          size="small"
          pagination={false}
          dataSource={invoice.lines}
          scroll={{ x: 900 }}
          data-testid="invoice-lines"
          columns={[
            { title: '#', dataIndex: 'lineNo', key: 'lineNo', width: 48 },
            { title: t('invoices.sku'), key: 'sku', render: (_, l) => l.skuCode ?? '—' },
            { title: t('invoices.description'), dataIndex: 'description', key: 'description' },
            {
              title: t('invoices.quantity'),
              key: 'quantity',
              align: 'right',
              render: (_, l) => formatQuantity(l.quantity, language),
            },
            {
              title: t('invoices.unitPrice'),
              key: 'unitPrice',
              align: 'right',
              render: (_, l) => money(l.unitPrice),
            },
            {
              title: t('invoices.discount'),
              key: 'discount',
              align: 'right',
              render: (_, l) => money(l.discount),
            },
            {
              title: t('invoices.taxRate'),
              key: 'taxRate',
              align: 'right',
              render: (_, l) => formatRate(l.taxRate, language),
            },
            {
              title: t('invoices.tax'),
              key: 'tax',
              align: 'right',
              render: (_, l) => money(l.tax),
            },
            {
              title: t('invoices.lineTotal'),
              key: 'total',
              align: 'right',
              render: (_, l) => money(l.total),
            },
          ]}
        />
        <Space
          align="start"
          wrap
          style={{ width: '100%', justifyContent: 'space-between', marginTop: 12 }}
        >
          <Table<TaxLine>
            rowKey="rate"
            size="small"
            pagination={false}
            dataSource={invoice.taxBreakdown}
            data-testid="invoice-tax-breakdown"
            title={() => <Typography.Text strong>{t('invoices.taxBreakdown')}</Typography.Text>}
            columns={[
              {
                title: t('invoices.taxRate'),
                key: 'rate',
                render: (_, r) => formatRate(r.rate, language),
              },
              {
                title: t('invoices.taxable'),
                key: 'taxable',
                align: 'right',
                render: (_, r) => money(r.taxable),
              },
              {
                title: t('invoices.tax'),
                key: 'tax',
                align: 'right',
                render: (_, r) => money(r.tax),
              },
            ]}
          />
          <Descriptions
            size="small"
            column={1}
            style={{ minWidth: 300 }}
            data-testid="invoice-totals"
          >
            <Descriptions.Item label={t('invoices.subtotal')}>
              {money(invoice.subtotal)}
            </Descriptions.Item>
            <Descriptions.Item label={t('invoices.discountTotal')}>
              {money(invoice.discountTotal)}
            </Descriptions.Item>
            <Descriptions.Item label={t('invoices.taxTotal')}>
              <span data-testid="invoice-tax-total">{money(invoice.taxTotal)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('invoices.total')}>
              <strong data-testid="invoice-total">{money(invoice.total)}</strong>
            </Descriptions.Item>
            {!isCreditNote && (
              <>
                <Descriptions.Item label={t('invoices.amountPaid')}>
                  <span data-testid="invoice-paid">{money(invoice.amountPaid)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('invoices.amountCredited')}>
                  <span data-testid="invoice-credited">{money(invoice.amountCredited)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('invoices.amountDue')}>
                  <strong data-testid="invoice-amount-due">{money(invoice.amountDue)}</strong>
                </Descriptions.Item>
              </>
            )}
          </Descriptions>
        </Space>
      </Card>
      {!isCreditNote && (
        <Card size="small" title={t('invoices.creditNotes')} style={{ marginBottom: 16 }}>
          <InvoicesTable
            rows={creditNotes}
            loading={related.fetching}
            language={language}
            testId="invoice-credit-notes"
            empty={t('invoices.noCreditNotes')}
            compact
          />
        </Card>
      )}
      {canVoid && (
        <VoidInvoiceModal
          invoice={invoice}
          open={voiding}
          onClose={() => setVoiding(false)}
          onVoided={() => {
            setVoiding(false);
            reload();
          }}
        />
      )}
      {canCredit && (
        <CreditNoteDrawer
          invoice={invoice}
          open={crediting}
          onClose={() => setCrediting(false)}
          onIssued={() => {
            setCrediting(false);
            reload();
          }}
        />
      )}
    </>
  );
}
