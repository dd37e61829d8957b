import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Modal,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { MyQuoteDetailFieldsFragment } from '../../gql/graphql';
import { PdfLink } from '../../shared/components/PdfLink';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { Money } from '../parts';
import { AcceptMyQuote, DeclineMyQuote, MyQuoteDetail } from './queries';
import { QuoteStatusTag } from './MyQuotesPage';

type Quote = MyQuoteDetailFieldsFragment;
type Version = Quote['versions'][number];

/** One quote sent to the customer: the latest version's lines and totals, its PDF and the
 * earlier versions', and accepting or declining it while it awaits an answer. */
export function PortalQuotePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyQuoteDetail,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const back = (
    <Link to="/quotes">
      <ArrowLeftOutlined /> {t('portalQuotes.back')}
    </Link>
  );
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data && fetching) return <LoadingState />;
  const quote = data?.myQuote;
  if (!quote)
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {back}
        <Empty description={t('portalQuotes.notFound')} data-testid="portal-quote-missing" />
      </Space>
    );
  return <QuoteView quote={quote} back={back} />;
}

function QuoteView({ quote, back }: { quote: Quote; back: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [, accept] = useMutation(AcceptMyQuote);
  const [, decline] = useMutation(DeclineMyQuote);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const latest = quote.versions[quote.versions.length - 1];
  const earlier = quote.versions.slice(0, -1);
  const describe = (e: { code: string; message: string }) =>
    t(`portalQuotes.errors.${e.code}`, {
      defaultValue: t(`errors.${e.code}`, { defaultValue: e.message }),
    });

  const answer = async (kind: 'accept' | 'decline') => {
    if (!latest) return;
    const input = { quoteId: quote.id, version: latest.version };
    const result =
      kind === 'accept' ? await accept({ input }) : await decline({ input: { ...input, reason } });
    if (result.error) return setErrors([result.error.message]);
    const data = result.data;
    const payload =
      data && 'acceptQuote' in data
        ? data.acceptQuote
        : data && 'declineQuote' in data
          ? data.declineQuote
          : null;
    const problems = payload?.userErrors ?? [];
    setErrors(problems.map(describe));
    if (problems.length === 0) {
      setDeclining(false);
      void message.success(
        t(`portalQuotes.${kind === 'accept' ? 'accepted' : 'declined'}`, { reason }),
      );
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="portal-quote">
      {back}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="portal-quote-number">
          {quote.number}
        </Typography.Title>
        <QuoteStatusTag status={quote.status} />
      </Flex>
      {errors.length > 0 && (
        <Alert type="error" showIcon message={errors.join(' ')} data-testid="portal-quote-errors" />
      )}
      <StatusNote quote={quote} />
      {latest && (
        <Card
          size="small"
          title={t('portalQuotes.version', { version: latest.version })}
          extra={
            latest.pdfUrl && (
              <PdfLink url={latest.pdfUrl} testId="portal-quote-pdf">
                <DownloadOutlined /> {t('portalQuotes.pdf')}
              </PdfLink>
            )
          }
        >
          <Typography.Paragraph>
            {t('portalQuotes.validUntil')}: {formatDay(latest.validUntil, i18n.language)}
          </Typography.Paragraph>
          <Lines version={latest} />
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="portal-quote-total">
            <strong>
              {t('portalQuotes.total')}: <Money value={latest.total} />
            </strong>
          </Typography.Paragraph>
          {latest.notes && (
            <Typography.Paragraph type="secondary">{latest.notes}</Typography.Paragraph>
          )}
          {quote.status === 'SENT' && (
            <Space>
              <Button
                type="primary"
                data-testid="portal-accept-quote"
                onClick={() =>
                  Modal.confirm({
                    content: t('portalQuotes.acceptConfirm', { number: quote.number }),
                    onOk: () => answer('accept'),
                    okButtonProps: { 'data-testid': 'portal-accept-confirm' },
                  })
                }
              >
                {t('portalQuotes.accept')}
              </Button>
              <Button data-testid="portal-decline-quote" onClick={() => setDeclining(true)}>
                {t('portalQuotes.decline')}
              </Button>
            </Space>
          )}
          {declining && (
            <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
              <Input.TextArea
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder={t('portalQuotes.declineReason')}
                aria-label={t('portalQuotes.declineReason')}
              />
              <Button
                danger
                data-testid="portal-decline-send"
                onClick={() => void answer('decline')}
              >
                {t('portalQuotes.declineSend')}
              </Button>
            </Space>
          )}
        </Card>
      )}
      {earlier.length > 0 && (
        <Card size="small" title={t('portalQuotes.earlierVersions')}>
          {earlier.map((v) => (
            <Typography.Paragraph key={v.version}>
              {t('portalQuotes.version', { version: v.version })} · <Money value={v.total} />{' '}
              {v.pdfUrl && <PdfLink url={v.pdfUrl}>{t('portalQuotes.pdf')}</PdfLink>}
            </Typography.Paragraph>
          ))}
        </Card>
      )}
    </Space>
  );
}

function StatusNote({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  if (quote.status === 'ACCEPTED')
    return (
      <Alert
        type="success"
        showIcon
        data-testid="portal-quote-accepted"
        message={t('portalQuotes.accepted')}
        description={
          <Space wrap>
            {quote.orderId && (
              <Link to={`/orders/${quote.orderId}`} data-testid="portal-quote-order">
                {t('portalQuotes.viewOrder', { number: quote.orderNumber ?? '' })}
              </Link>
            )}
            {quote.contractId && (
              <Link to={`/contracts/${quote.contractId}`}>{t('portalQuotes.viewContract')}</Link>
            )}
            {quote.subscriptionId && <span>{t('portalQuotes.subscriptionStarted')}</span>}
          </Space>
        }
      />
    );
  const notes: Partial<Record<Quote['status'], string>> = {
    DRAFT: t('portalQuotes.revising'),
    DECLINED: t('portalQuotes.declined', { reason: quote.declineReason ?? '' }),
    EXPIRED: t('portalQuotes.expired'),
    WITHDRAWN: t('portalQuotes.withdrawn'),
  };
  const note = notes[quote.status];
  return note ? <Alert type="info" showIcon message={note} /> : null;
}

function Lines({ version }: { version: Version }) {
  const { t } = useTranslation();
  return (
    <Table<Version['lines'][number]>
      size="small"
      pagination={false}
      rowKey="lineNo"
      dataSource={version.lines}
      scroll={{ x: true }}
      data-testid="portal-quote-lines"
      columns={[
        {
          title: t('portalQuotes.item'),
          key: 'item',
          render: (_, l) => `${l.skuCode} · ${l.description}`,
        },
        { title: t('portalQuotes.quantity'), key: 'qty', render: (_, l) => l.quantity },
        {
          title: t('portalQuotes.unitPrice'),
          key: 'price',
          render: (_, l) => (
            <>
              <Money value={l.unitPrice} />
              {l.billingPeriod ? ` ${t(`portalQuotes.periods.${l.billingPeriod}`)}` : ''}
            </>
          ),
        },
        {
          title: t('portalQuotes.discount'),
          key: 'discount',
          render: (_, l) => `${l.discountPercent}%`,
        },
        {
          title: t('portalQuotes.lineTotal'),
          key: 'total',
          render: (_, l) => <Money value={l.total} />,
        },
      ]}
    />
  );
}
