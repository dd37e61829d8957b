import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MyQuotesListQuery, QuoteStatus } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { Money } from '../parts';
import { PortalTable } from '../PortalTable';
import { MyQuotesList } from './queries';

const PAGE_SIZE = 20;
type Row = MyQuotesListQuery['myQuotes']['edges'][number]['node'];
const COLORS: Record<QuoteStatus, string> = {
  DRAFT: 'default',
  SENT: 'blue',
  ACCEPTED: 'green',
  DECLINED: 'red',
  EXPIRED: 'orange',
  WITHDRAWN: 'default',
};

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="portal-quote-status">
      {t(`portalQuotes.statuses.${status}`)}
    </Tag>
  );
}

/** The quotes sent to the customer, newest first. */
export function MyQuotesPage() {
  const { t, i18n } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyQuotesList,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <div data-testid="portal-quotes">
      <PageHeader title={t('portalQuotes.title')} />
      <Typography.Paragraph type="secondary">{t('portalQuotes.intro')}</Typography.Paragraph>
      <PortalTable<Row>
        connection={data?.myQuotes}
        loading={fetching}
        pager={pager}
        keyOf={(row) => row.id}
        titleColumn="number"
        cardTestId="portal-quote-card"
        size="small"
        emptyText={t('portalQuotes.empty')}
        columns={[
          {
            title: t('portalQuotes.number'),
            key: 'number',
            render: (_, row) => (
              <Link to={`/quotes/${row.id}`} data-testid="portal-quote-link">
                {row.number}
              </Link>
            ),
          },
          {
            title: t('portalQuotes.status'),
            key: 'status',
            render: (_, row) => <QuoteStatusTag status={row.status} />,
          },
          {
            title: t('portalQuotes.total'),
            key: 'total',
            render: (_, row) => <Money value={row.latest?.total} />,
          },
          {
            title: t('portalQuotes.validUntil'),
            key: 'validUntil',
            render: (_, row) => formatDay(row.validUntil, i18n.language),
          },
        ]}
      />
    </div>
  );
}
