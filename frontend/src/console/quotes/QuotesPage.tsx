import { Button, Card, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { QuoteFilterInput, QuoteRowFieldsFragment, QuoteStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { customerPath } from '../links';
import { useCan } from '../viewer';
import { QuotesList } from './queries';
import { quotePath } from './quotePath';
import { QuoteStatusTag } from './QuoteStatusTag';

const PAGE_SIZE = 25;
const VIEWS = ['OPEN', 'DRAFT', 'SENT', 'DONE', 'ALL'] as const;
type View = (typeof VIEWS)[number];
const VIEW_STATUSES: Record<View, QuoteStatus[] | null> = {
  OPEN: ['DRAFT', 'SENT'],
  DRAFT: ['DRAFT'],
  SENT: ['SENT'],
  DONE: ['ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'],
  ALL: null,
};
const URL_DEFAULTS = { view: 'OPEN', customer: null as string | null };

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** The quotes list: open quotes first, by status and customer. */
export default function QuotesPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('quotes', 'read');
  const mayWrite = useCan('quotes', 'write');
  const [url, setUrl] = useUrlFilters(URL_DEFAULTS);
  const view: View = isView(url.view) ? url.view : 'OPEN';
  const pager = useCursorPager();
  const filter: QuoteFilterInput = { statuses: VIEW_STATUSES[view], customerId: url.customer };
  const [{ data, error, fetching }, refetch] = useQuery({
    query: QuotesList,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
    pause: !mayRead,
  });
  const change = (values: Partial<typeof URL_DEFAULTS>) => {
    setUrl(values);
    pager.reset();
  };
  if (!mayRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  const connection = data?.quotes;
  return (
    <>
      <PageHeader
        title={t('quotes.title')}
        extra={
          mayWrite && (
            <Link to="/quotes/new">
              <Button type="primary" data-testid="new-quote">
                {t('quotes.newQuote')}
              </Button>
            </Link>
          )
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(value) => change({ view: value })}
            options={VIEWS.map((v) => ({ value: v, label: t(`quotes.views.${v}`) }))}
          />
          <CustomerSearchSelect
            aria-label={t('quotes.customer')}
            placeholder={t('quotes.customer')}
            value={url.customer}
            onChange={(id) => change({ customer: id ?? null })}
          />
        </Space>
        {!data && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<QuoteRowFieldsFragment>
            connection={connection}
            size="small"
            loading={fetching}
            data-testid="quotes"
            emptyText={t('quotes.empty')}
            columns={[
              {
                title: t('quotes.number'),
                key: 'number',
                render: (_, q) => <Link to={quotePath(q.number)}>{q.number}</Link>,
              },
              {
                title: t('quotes.customer'),
                key: 'customer',
                render: (_, q) =>
                  q.customer ? (
                    <Link to={customerPath(q.customer.id)}>{q.customer.name}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('quotes.status'),
                key: 'status',
                render: (_, q) => <QuoteStatusTag status={q.status} />,
              },
              { title: t('quotes.version'), key: 'version', render: (_, q) => q.currentVersion },
              {
                title: t('quotes.total'),
                key: 'total',
                render: (_, q) =>
                  q.current ? `${q.current.total.amount} ${q.current.total.currency}` : '—',
              },
              {
                title: t('quotes.validUntil'),
                key: 'validUntil',
                render: (_, q) => formatDay(q.validUntil, i18n.language),
              },
              {
                title: t('quotes.created'),
                key: 'created',
                render: (_, q) => formatDateTime(q.createdAt, i18n.language),
              },
            ]}
          />
        )}
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={!!connection?.pageInfo.hasNextPage}
          onPrevious={pager.previous}
          onNext={() => pager.next(connection?.pageInfo.endCursor)}
        />
      </Card>
    </>
  );
}
