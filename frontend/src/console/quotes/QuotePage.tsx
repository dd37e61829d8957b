import { App, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { QuoteDetailFieldsFragment } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { PdfLink } from '../../shared/components/PdfLink';
import {
  EmptyState,
  ErrorState,
  ForbiddenState,
  LoadingState,
} from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { customerPath, orderPath } from '../links';
import { useCan } from '../viewer';
import {
  AcceptQuoteForCustomer,
  QuoteByNumber,
  ReviseQuote,
  SendQuote,
  WithdrawQuote,
} from './queries';
import { quotePath } from './quotePath';
import { QuoteStatusTag } from './QuoteStatusTag';

type Version = QuoteDetailFieldsFragment['versions'][number];

function money(value: { amount: string; currency?: string } | null | undefined, currency: string) {
  return value ? `${value.amount} ${value.currency ?? currency}` : '—';
}

/** One quote: its current version's lines and totals, every version with its PDF, the
 * actions its status allows and, once accepted, what its acceptance created. */
export default function QuotePage() {
  const { t } = useTranslation();
  const { number } = useParams();
  const mayRead = useCan('quotes', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: QuoteByNumber,
    variables: { number: number ?? '' },
    pause: !mayRead || !number,
  });
  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!data && fetching) return <LoadingState />;
  const quote = data?.quotes.edges[0]?.node;
  if (!quote) return <EmptyState description={t('quotes.notFound')} />;
  return <QuoteView quote={quote} />;
}

function QuoteView({ quote }: { quote: QuoteDetailFieldsFragment }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const mayWrite = useCan('quotes', 'write');
  const [, send] = useMutation(SendQuote);
  const [, revise] = useMutation(ReviseQuote);
  const [, withdraw] = useMutation(WithdrawQuote);
  const [, accept] = useMutation(AcceptQuoteForCustomer);
  const current = quote.versions.find((v) => v.version === quote.currentVersion);
  const describe = (e: { code: string; message: string }) =>
    t(`errors.${e.code}`, { defaultValue: e.message });

  const run = async (
    act: () => Promise<{
      error?: { message: string };
      data?: Record<string, { userErrors: { code: string; message: string }[] } | undefined>;
    }>,
    done?: string,
  ) => {
    const result = await act();
    if (result.error) return void message.error(result.error.message);
    const payload = Object.values(result.data ?? {})[0];
    const errors = payload?.userErrors ?? [];
    if (errors.length) return void message.error(errors.map(describe).join(' '));
    if (done) void message.success(done);
  };
  const input = { quoteId: quote.id };
  const confirm = (content: string, onOk: () => Promise<void>) =>
    modal.confirm({ content, onOk, okButtonProps: { 'data-testid': 'confirm-ok' } });

  return (
    <>
      <PageHeader
        title={`${quote.number}`}
        extra={
          <Space wrap>
            <Link to="/quotes">{t('quotes.backToList')}</Link>
            {mayWrite && quote.status === 'DRAFT' && (
              <>
                <Link to={`${quotePath(quote.number)}/edit`}>
                  <Button data-testid="edit-quote">{t('quotes.detail.edit')}</Button>
                </Link>
                <Button
                  type="primary"
                  data-testid="send-quote"
                  onClick={() =>
                    confirm(t('quotes.detail.sendConfirm', { version: quote.currentVersion }), () =>
                      run(() => send({ input }), t('quotes.detail.sentOk')),
                    )
                  }
                >
                  {t('quotes.detail.send')}
                </Button>
              </>
            )}
            {mayWrite && ['SENT', 'DECLINED', 'EXPIRED', 'WITHDRAWN'].includes(quote.status) && (
              <Button data-testid="revise-quote" onClick={() => void run(() => revise({ input }))}>
                {t('quotes.detail.revise')}
              </Button>
            )}
            {mayWrite && quote.status === 'SENT' && (
              <>
                <Button
                  data-testid="withdraw-quote"
                  onClick={() =>
                    confirm(t('quotes.detail.withdrawConfirm', { number: quote.number }), () =>
                      run(() => withdraw({ input })),
                    )
                  }
                >
                  {t('quotes.detail.withdraw')}
                </Button>
                <Button
                  data-testid="accept-quote-for-customer"
                  onClick={() =>
                    confirm(
                      t('quotes.detail.acceptConfirm', { version: quote.currentVersion }),
                      () =>
                        run(() =>
                          accept({ input: { quoteId: quote.id, version: quote.currentVersion } }),
                        ),
                    )
                  }
                >
                  {t('quotes.detail.acceptForCustomer')}
                </Button>
              </>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('quotes.status')}>
            <QuoteStatusTag status={quote.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('quotes.customer')}>
            {quote.customer ? (
              <Link to={customerPath(quote.customer.id)}>{quote.customer.name}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('quotes.version')}>{quote.currentVersion}</Descriptions.Item>
          <Descriptions.Item label={t('quotes.validUntil')}>
            {formatDay(quote.validUntil, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('quotes.sent')}>
            {quote.sentAt ? formatDateTime(quote.sentAt, i18n.language) : '—'}
          </Descriptions.Item>
          {quote.contractRequest && (
            <Descriptions.Item label={t('quotes.detail.contractRequest')}>
              {t('quotes.detail.contractTerms', {
                months: quote.contractRequest.initialTermMonths,
                start: quote.contractRequest.startDate,
                renewal: quote.contractRequest.renewalType
                  ? t(`quotes.renewalTypes.${quote.contractRequest.renewalType}`)
                  : '—',
                notice: quote.contractRequest.noticeDays,
              })}
            </Descriptions.Item>
          )}
          {quote.declineReason && (
            <Descriptions.Item label={t('quotes.statuses.DECLINED')}>
              {t('quotes.detail.declineReason', { reason: quote.declineReason })}
            </Descriptions.Item>
          )}
          {quote.acceptedAt && (
            <Descriptions.Item label={t('quotes.statuses.ACCEPTED')}>
              {quote.acceptedByCustomer
                ? t('quotes.detail.acceptedBy')
                : t('quotes.detail.acceptedByStaff')}{' '}
              · {formatDateTime(quote.acceptedAt, i18n.language)}
            </Descriptions.Item>
          )}
          {quote.order && (
            <Descriptions.Item label={t('quotes.detail.order')}>
              <Link to={orderPath(quote.order.number)} data-testid="quote-order">
                {quote.order.number}
              </Link>
            </Descriptions.Item>
          )}
          {quote.subscriptionId && (
            <Descriptions.Item label={t('quotes.detail.subscription')}>
              <Link
                to={`/subscriptions/${encodeURIComponent(quote.subscriptionId)}`}
                data-testid="quote-subscription"
              >
                {t('quotes.detail.subscription')}
              </Link>
            </Descriptions.Item>
          )}
          {quote.contractId && (
            <Descriptions.Item label={t('quotes.detail.contract')}>
              <Link to={`/contracts/${encodeURIComponent(quote.contractId)}`}>
                {t('quotes.detail.contract')}
              </Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {current && <VersionLines version={current} currency={quote.currency} />}
      <Card size="small" title={t('quotes.detail.versions')}>
        <Table<Version>
          size="small"
          pagination={false}
          rowKey="version"
          dataSource={quote.versions}
          data-testid="quote-versions"
          columns={[
            { title: t('quotes.version'), key: 'version', render: (_, v) => v.version },
            {
              title: t('quotes.sent'),
              key: 'sent',
              render: (_, v) =>
                v.sentAt ? formatDateTime(v.sentAt, i18n.language) : t('quotes.detail.notSent'),
            },
            {
              title: t('quotes.validUntil'),
              key: 'validUntil',
              render: (_, v) => formatDay(v.validUntil, i18n.language),
            },
            {
              title: t('quotes.total'),
              key: 'total',
              render: (_, v) => money(v.total, quote.currency),
            },
            {
              title: t('quotes.detail.pdf'),
              key: 'pdf',
              render: (_, v) =>
                v.pdfUrl ? (
                  <PdfLink url={v.pdfUrl} testId="quote-pdf">
                    {`${quote.number}-v${v.version}.pdf`}
                  </PdfLink>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}

function VersionLines({ version, currency }: { version: Version; currency: string }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('quotes.detail.lines', { version: version.version })}
      style={{ marginBottom: 16 }}
    >
      <Table<Version['lines'][number]>
        size="small"
        pagination={false}
        rowKey="lineNo"
        dataSource={version.lines}
        data-testid="quote-lines"
        columns={[
          { title: '#', key: 'no', render: (_, l) => l.lineNo },
          {
            title: t('quotes.form.kind'),
            key: 'kind',
            render: (_, l) => t(`quotes.kinds.${l.kind}`),
          },
          {
            title: t('quotes.form.sku'),
            key: 'sku',
            render: (_, l) => `${l.skuCode} · ${l.description}`,
          },
          { title: t('quotes.form.quantity'), key: 'qty', render: (_, l) => l.quantity },
          {
            title: t('quotes.total'),
            key: 'price',
            render: (_, l) =>
              `${money(l.unitPrice, currency)}${l.billingPeriod ? ` ${t(`quotes.periods.${l.billingPeriod}`)}` : ''}`,
          },
          {
            title: t('quotes.detail.priceSource'),
            key: 'source',
            render: (_, l) => l.priceSourceLabel,
          },
          {
            title: t('quotes.form.discount'),
            key: 'discount',
            render: (_, l) => `${l.discountPercent}%`,
          },
          {
            title: t('quotes.detail.total'),
            key: 'total',
            render: (_, l) => money(l.total, currency),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8 }} data-testid="quote-total">
        {t('quotes.detail.subtotal')}: {money(version.subtotal, currency)} ·{' '}
        {t('quotes.detail.discount')}: {version.discountTotal.amount} · {t('quotes.detail.tax')}:{' '}
        {version.taxTotal.amount} ·{' '}
        <strong>
          {t('quotes.detail.total')}: {money(version.total, currency)}
        </strong>
      </Typography.Paragraph>
      {version.notes && (
        <Typography.Paragraph type="secondary">{version.notes}</Typography.Paragraph>
      )}
    </Card>
  );
}
