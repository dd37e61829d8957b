import { Button, Card, Input, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import type { TicketFilterInput, TicketRowFieldsFragment, TicketStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { customerPath, ticketPath } from '../links';
import { useCan, useViewer } from '../viewer';
import { NewTicketDrawer } from './NewTicketDrawer';
import { TicketsList } from './queries';
import { categoryName } from '../../shared/ticketCategory';
import { TicketPriorityTag, TicketStatusTag } from './TicketTags';

const PAGE_SIZE = 25;
const VIEWS = ['MINE', 'TEAM', 'UNASSIGNED', 'BREACHING', 'OPEN', 'DONE'] as const;
/** "Breaching soon": an SLA clock due within two hours, or already overdue. */
const BREACHING_WITHIN_MINUTES = 120;
type View = (typeof VIEWS)[number];
const WORKING: TicketStatus[] = ['NEW', 'OPEN', 'PENDING_CUSTOMER', 'PENDING_THIRD_PARTY'];
const DONE: TicketStatus[] = ['SOLVED', 'CLOSED'];
const URL_DEFAULTS = { view: 'MINE', search: '', customer: null as string | null };

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** What a view shows: open work by owner or team, or what is finished. */
function viewFilter(view: View, departmentId: string | null): TicketFilterInput {
  switch (view) {
    case 'MINE':
      return { statuses: WORKING, assignedToMe: true };
    case 'TEAM':
      return { statuses: WORKING, departmentId };
    case 'UNASSIGNED':
      return { statuses: WORKING, unassigned: true };
    case 'BREACHING':
      return { statuses: WORKING, dueWithinMinutes: BREACHING_WITHIN_MINUTES };
    case 'OPEN':
      return { statuses: WORKING };
    case 'DONE':
      return { statuses: DONE };
  }
}

/** The support inbox: the viewer's open tickets first, then the team's, unassigned, all. */
export default function TicketsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const mayRead = useCan('tickets', 'read');
  const mayWrite = useCan('tickets', 'write');
  const departmentId = useViewer().viewer.user?.department?.id ?? null;
  const [url, setUrl] = useUrlFilters(URL_DEFAULTS);
  const view: View = isView(url.view) ? url.view : 'MINE';
  const views = VIEWS.filter((v) => v !== 'TEAM' || departmentId);
  const [searchText, setSearchText] = useState(url.search);
  const pager = useCursorPager();
  const filter: TicketFilterInput = {
    ...viewFilter(view, departmentId),
    search: url.search || null,
    customerId: url.customer,
  };
  const [{ data, error, fetching }, refetch] = useQuery({
    query: TicketsList,
    variables: { first: PAGE_SIZE, after: pager.after, filter },
    pause: !mayRead,
  });
  const [creating, setCreating] = useState(false);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const change = (values: Partial<typeof URL_DEFAULTS>) => {
    setUrl(values);
    pager.reset();
  };

  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const connection = data?.tickets;
  return (
    <>
      <PageHeader
        title={t('tickets.title')}
        extra={
          <Space>
            <Link to="/tickets/csat">{t('csat.open')}</Link>
            {mayWrite && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('tickets.newTicket')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(value) => change({ view: value })}
            options={views.map((v) => ({ value: v, label: t(`tickets.views.${v}`) }))}
          />
          <Input.Search
            allowClear
            aria-label={t('tickets.search')}
            placeholder={t('tickets.search')}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onSearch={(value) => change({ search: value.trim() })}
            style={{ width: 240 }}
          />
          <CustomerSearchSelect
            aria-label={t('tickets.customer')}
            placeholder={t('tickets.customer')}
            value={url.customer}
            onChange={(id) => change({ customer: id ?? null })}
          />
        </Space>
        {!connection && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<TicketRowFieldsFragment>
            connection={connection}
            size="small"
            loading={fetching}
            data-testid="tickets"
            emptyText={t('tickets.empty')}
            columns={[
              {
                title: t('tickets.number'),
                key: 'number',
                render: (_, r) => <Link to={ticketPath(r.number)}>{r.number}</Link>,
              },
              { title: t('tickets.subject'), key: 'subject', dataIndex: 'subject' },
              {
                title: t('tickets.customer'),
                key: 'customer',
                render: (_, r) =>
                  r.customer ? (
                    <Link to={customerPath(r.customer.id)}>{r.customer.name}</Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('tickets.status'),
                key: 'status',
                render: (_, r) => <TicketStatusTag status={r.status} />,
              },
              {
                title: t('tickets.priority'),
                key: 'priority',
                render: (_, r) => <TicketPriorityTag priority={r.priority} />,
              },
              {
                title: t('tickets.category'),
                key: 'category',
                render: (_, r) => categoryName(t, r.category, r.categoryKey),
              },
              {
                title: t('tickets.owner'),
                key: 'owner',
                render: (_, r) => r.owner?.name ?? t('tickets.unassigned'),
              },
              {
                title: t('tickets.updated'),
                key: 'updated',
                render: (_, r) => formatDateTime(r.updatedAt, i18n.language),
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
      <NewTicketDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(number) => {
          setCreating(false);
          navigate(ticketPath(number));
        }}
      />
    </>
  );
}
