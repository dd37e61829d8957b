import { Card, Input, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { ReturnFilterInput, ReturnRowFieldsFragment, ReturnStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { customerPath, orderPath, returnPath } from '../links';
import { useCan } from '../viewer';
import { ReturnByNumberRow, ReturnsList } from './queries';
import { normalizedReturnNumber } from './returnNumber';
import { ReturnStatusTag, ReturnWishTag } from './ReturnTags';

const PAGE_SIZE = 25;
const VIEWS = [
  'OPEN',
  'TO_APPROVE',
  'AWAITING',
  'TO_INSPECT',
  'TO_RESOLVE',
  'DONE',
  'ALL',
] as const;
type View = (typeof VIEWS)[number];
/** The statuses each view lists: the open work by its next step, then what is finished. */
const VIEW_STATUSES: Record<View, ReturnStatus[] | null> = {
  OPEN: ['REQUESTED', 'AWAITING_RETURN', 'RECEIVED', 'INSPECTED'],
  TO_APPROVE: ['REQUESTED'],
  AWAITING: ['AWAITING_RETURN'],
  TO_INSPECT: ['RECEIVED'],
  TO_RESOLVE: ['INSPECTED'],
  DONE: ['RESOLVED', 'CLOSED', 'DECLINED', 'CANCELLED'],
  ALL: null,
};
const URL_DEFAULTS = { view: 'OPEN', search: '', customer: null as string | null };

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** The returns list: open returns by their next step, filtered by customer; a number typed
 * in the search box finds that one return. */
export default function ReturnsPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('returns', 'read');
  const [url, setUrl] = useUrlFilters(URL_DEFAULTS);
  const view: View = isView(url.view) ? url.view : 'OPEN';
  const [searchText, setSearchText] = useState(url.search);
  const pager = useCursorPager();
  const number = url.search ? normalizedReturnNumber(url.search) : '';
  const filter: ReturnFilterInput = { statuses: VIEW_STATUSES[view], customerId: url.customer };
  const [list, refetch] = useQuery({
    query: ReturnsList,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
    pause: !mayRead || !!number,
  });
  const [found] = useQuery({
    query: ReturnByNumberRow,
    variables: { number },
    pause: !mayRead || !number,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const change = (values: Partial<typeof URL_DEFAULTS>) => {
    setUrl(values);
    pager.reset();
  };

  if (!mayRead) return <ForbiddenState />;
  const { data, error, fetching } = number ? found : list;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const foundReturn = found.data?.returnByNumber;
  const connection = number ? undefined : list.data?.returns;
  const foundRows = number && data ? (foundReturn ? [foundReturn] : []) : undefined;
  return (
    <>
      <PageHeader title={t('returns.title')} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(value) => change({ view: value, search: '' })}
            options={VIEWS.map((v) => ({ value: v, label: t(`returns.views.${v}`) }))}
          />
          <Input.Search
            allowClear
            aria-label={t('returns.findNumber')}
            placeholder={t('returns.findNumber')}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onSearch={(value) => change({ search: value.trim() })}
            style={{ width: 220 }}
          />
          <CustomerSearchSelect
            aria-label={t('returns.customer')}
            placeholder={t('returns.customer')}
            value={url.customer}
            onChange={(id) => change({ customer: id ?? null })}
          />
        </Space>
        {!data && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<ReturnRowFieldsFragment>
            connection={connection}
            rows={foundRows}
            size="small"
            loading={fetching}
            data-testid="returns"
            emptyText={t('returns.empty')}
            columns={[
              {
                title: t('returns.number'),
                key: 'number',
                render: (_, r) => <Link to={returnPath(r.number)}>{r.number}</Link>,
              },
              {
                title: t('returns.customer'),
                key: 'customer',
                render: (_, r) =>
                  r.customer ? (
                    <Link to={customerPath(r.customer.id)}>{r.customer.name}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('returns.order'),
                key: 'order',
                render: (_, r) =>
                  r.order ? <Link to={orderPath(r.order.number)}>{r.order.number}</Link> : '—',
              },
              {
                title: t('returns.status'),
                key: 'status',
                render: (_, r) => <ReturnStatusTag status={r.status} />,
              },
              {
                title: t('returns.wish'),
                key: 'wish',
                render: (_, r) => <ReturnWishTag wish={r.wish} />,
              },
              {
                title: t('returns.channel'),
                key: 'channel',
                render: (_, r) => t(`returns.channels.${r.channel}`),
              },
              {
                title: t('returns.created'),
                key: 'created',
                render: (_, r) => formatDateTime(r.createdAt, i18n.language),
              },
            ]}
          />
        )}
        {!number && (
          <Pager
            page={pager.page}
            hasPrevious={pager.hasPrevious}
            hasNext={!!connection?.pageInfo.hasNextPage}
            onPrevious={pager.previous}
            onNext={() => pager.next(connection?.pageInfo.endCursor)}
          />
        )}
      </Card>
    </>
  );
}
