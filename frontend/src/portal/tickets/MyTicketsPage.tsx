import { Button, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import type { PortalTicketsListQuery, TicketStatus } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { statusColor } from '../../shared/status';
import { useCursorPager } from '../../shared/useCursorPager';
import { PortalTable } from '../PortalTable';
import { NewTicketModal } from './NewTicketModal';
import { PortalTicketsList } from './queries';
import { usePendingSurveys } from './usePendingSurveys';

const PAGE_SIZE = 20;
type Row = PortalTicketsListQuery['portalTickets']['edges'][number]['node'];

export function PortalTicketStatus({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('ticket', status)} data-testid="portal-ticket-status">
      {t(`portalTickets.statuses.${status}`)}
    </Tag>
  );
}

/** The customer's support requests, newest first, and "Contact support". */
export function MyTicketsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const pager = useCursorPager();
  const [asking, setAsking] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PortalTicketsList,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  const pendingSurveys = usePendingSurveys(PAGE_SIZE, pager.after);
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <div data-testid="portal-tickets">
      <PageHeader
        title={t('portalTickets.title')}
        extra={
          <Button type="primary" onClick={() => setAsking(true)}>
            {t('portalTickets.contact')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('portalTickets.intro')}</Typography.Paragraph>
      <PortalTable<Row>
        connection={data?.portalTickets}
        loading={fetching}
        pager={pager}
        keyOf={(row) => row.id}
        titleColumn="number"
        cardTestId="portal-ticket-card"
        size="small"
        emptyText={t('portalTickets.empty')}
        columns={[
          {
            title: t('portalTickets.number'),
            key: 'number',
            render: (_, row) => <Link to={`/tickets/${row.id}`}>{row.number}</Link>,
          },
          { title: t('portalTickets.subject'), key: 'subject', dataIndex: 'subject' },
          {
            title: t('portalTickets.status'),
            key: 'status',
            render: (_, row) => (
              <>
                <PortalTicketStatus status={row.status} />
                {pendingSurveys.has(row.id) && (
                  <Tag color="gold" data-testid="portal-ticket-survey-pending">
                    {t('csat.form.portalTitle')}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('portalTickets.opened'),
            key: 'opened',
            render: (_, row) => formatDateTime(row.createdAt, i18n.language),
          },
        ]}
      />
      <NewTicketModal
        open={asking}
        onClose={() => setAsking(false)}
        onCreated={(ticket) => navigate(`/tickets/${ticket.id}`)}
      />
    </div>
  );
}
